package dev.gatehouse.core.model;

import java.util.Locale;

/** How a request ended, from the client's point of view. */
public enum Outcome {
    /** The call was accepted and forwarded; its completion is a later record. */
    STARTED,
    SUCCESS,
    /** The upstream answered with a JSON-RPC error or a tool result flagged {@code isError}. */
    ERROR,
    /** Refused by the gateway's rules or scoping. */
    DENIED,
    /** No valid credential was presented. */
    UNAUTHORIZED,
    /** The request itself was malformed. */
    REJECTED,
    /** The upstream could not be reached or answered with something that is not MCP. */
    UPSTREAM_ERROR,
    /** The upstream did not answer before its deadline. */
    TIMEOUT,
    /** The client went away before the answer was complete. */
    CANCELLED,
    /**
     * The credential the call came with ended while it was held or in flight (connection, host or token
     * revoked or disabled, break-glass, OAuth revocation, expiry): the call was cut (docs/security.md).
     */
    REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
