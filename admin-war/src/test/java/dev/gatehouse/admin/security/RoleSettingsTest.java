package dev.gatehouse.admin.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoleSettingsTest {
    @Test
    void readWhenPropertiesAndEnvironmentThenRoleNamesRecoveredAndPropertyWins() {
        Map<String, String> roles = RoleSettings.read(
                Map.of("gatehouse.roles.gatehouse-operator", "logs:read", "gatehouse.roles.Ops_Team", "hosts:manage",
                        "gatehouse.other", "x", "gatehouse.roles.blank", " "),
                Map.of("GATEHOUSE_ROLES_GATEHOUSE_OPERATOR", "hosts:manage", "GATEHOUSE_ROLES_DEPLOYERS", "gateways:manage",
                        "GATEHOUSE_ROLES_", "x", "PATH", "/bin"));

        assertEquals(Map.of("gatehouse-operator", "logs:read", "Ops_Team", "hosts:manage", "deployers", "gateways:manage"),
                roles);
    }
}
