package dev.gatehouse.admin.security;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CapabilityPolicyTest {
    @Test
    void capabilitiesOfWhenDefaultRolesThenDocumentedGrants() {
        CapabilityPolicy policy = CapabilityPolicy.defaults();

        assertEquals(EnumSet.complementOf(EnumSet.of(Capability.AUDIT_RETENTION)), policy.capabilitiesOf("gatehouse-admin"::equals));
        assertEquals(EnumSet.of(Capability.AUDIT_RETENTION, Capability.LOGS_READ), policy.capabilitiesOf("gatehouse-retention"::equals));
        assertEquals(Set.of(Capability.HOSTS_MANAGE, Capability.TOKENS_ISSUE, Capability.CONNECTIONS_DISABLE,
                Capability.LOGS_READ, Capability.OAUTH_AUTHORIZE), policy.capabilitiesOf("gatehouse-operator"::equals));
        assertEquals(Set.of(Capability.LOGS_READ, Capability.LOGS_EXPORT), policy.capabilitiesOf("gatehouse-auditor"::equals));
        assertEquals(Set.of(), policy.capabilitiesOf("staff"::equals));
    }

    @Test
    void capabilitiesOfWhenSeveralRolesThenUnion() {
        CapabilityPolicy policy = CapabilityPolicy.withOverrides(Map.of("deployers", "gateways:manage"));

        assertEquals(Set.of(Capability.LOGS_READ, Capability.LOGS_EXPORT, Capability.GATEWAYS_MANAGE),
                policy.capabilitiesOf(role -> role.equals("deployers") || role.equals("gatehouse-auditor")));
    }

    @Test
    void withOverridesWhenRoleRedefinedThenReplacesDefault() {
        CapabilityPolicy policy = CapabilityPolicy.withOverrides(Map.of("gatehouse-operator", " hosts:manage ,logs:read",
                "gatehouse-auditor", "none"));

        assertEquals(Set.of(Capability.HOSTS_MANAGE, Capability.LOGS_READ), policy.capabilitiesOf("gatehouse-operator"::equals));
        assertEquals(Set.of(), policy.capabilitiesOf("gatehouse-auditor"::equals));
    }

    @Test
    void withOverridesWhenCapabilityUnknownThenFailsNamingSettingAndValue() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CapabilityPolicy.withOverrides(Map.of("ops", "hosts:manage,Hosts:Manage")));

        assertEquals("Gatehouse setting 'roles.ops' names an unknown capability 'Hosts:Manage'; known: hosts:manage,"
                + " tokens:issue, connections:disable, gateways:manage, servers:manage, logs:read, logs:export,"
                + " settings:manage, rules:manage, calls:approve, oauth:authorize, identities:manage, users:manage, audit:retention (or 'none')", e.getMessage());
    }

    @Test
    void withOverridesWhenListHasEmptyEntryThenFails() {
        assertThrows(IllegalStateException.class, () -> CapabilityPolicy.withOverrides(Map.of("ops", "logs:read,")));
    }
}
