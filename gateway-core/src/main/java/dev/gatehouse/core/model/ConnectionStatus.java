package dev.gatehouse.core.model;

import java.util.Locale;

/**
 * Whether a connection's current token would be accepted right now, and if not, the first reason a
 * request would meet: the token's own state (revoked, expired) before the switches (connection, host),
 * in the order the token authenticator checks them.
 */
public enum ConnectionStatus {
    ACTIVE,
    REVOKED,
    EXPIRED,
    DISABLED,
    HOST_DISABLED;

    /** The lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
