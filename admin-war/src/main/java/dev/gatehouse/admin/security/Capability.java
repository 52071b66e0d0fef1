package dev.gatehouse.admin.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an admin user may do, independent of how the container names its roles: endpoints name the
 * capability they need, and {@link CapabilityPolicy} decides which container roles grant it. Renaming a
 * role in the container never requires touching an endpoint.
 */
public enum Capability {
    HOSTS_MANAGE("hosts:manage"),
    TOKENS_ISSUE("tokens:issue"),
    CONNECTIONS_DISABLE("connections:disable"),
    GATEWAYS_MANAGE("gateways:manage"),
    SERVERS_MANAGE("servers:manage"),
    LOGS_READ("logs:read"),
    LOGS_EXPORT("logs:export"),
    SETTINGS_MANAGE("settings:manage"),
    /** Gateway rules, rate limits and tool quarantine. */
    RULES_MANAGE("rules:manage"),
    /** Approving or denying calls held for approval. */
    CALLS_APPROVE("calls:approve"),
    /** Connecting interactive (OAuth) clients such as Claude Code or Cursor to gateways, on one's own behalf. */
    OAUTH_AUTHORIZE("oauth:authorize"),
    /** Everyone's upstream identities, and servers' shared ones (one's own need no capability). */
    IDENTITIES_MANAGE("identities:manage"),
    /**
     * Console users where Gatehouse keeps them (the embedded launcher): add, invite, grant roles, disable, reset
     * passwords. One may grant only roles whose capabilities one has, and act only on users with no capability
     * one lacks, so this capability never leads to more.
     */
    USERS_MANAGE("users:manage"),
    /**
     * Setting audit retention policies and running retention (archive, then delete old audit records). Granted
     * by default to {@code gatehouse-retention} only, not to {@code gatehouse-admin}: whoever administers
     * Gatehouse cannot shorten or purge the trail of what they did.
     */
    AUDIT_RETENTION("audit:retention");

    private final String wireName;

    Capability(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in settings, in {@code /api/me} and in error details. */
    public String wireName() {
        return wireName;
    }

    /** The capability with this wire name (exact, case-sensitive), if there is one. */
    public static Optional<Capability> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(value)).findFirst();
    }
}
