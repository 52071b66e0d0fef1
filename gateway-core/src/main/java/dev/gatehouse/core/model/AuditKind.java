package dev.gatehouse.core.model;

import java.util.Locale;

/** What an audit record stands for; a call is two records, started then completed, sharing a correlation id. */
public enum AuditKind {
    CALL_STARTED,
    CALL_COMPLETED,
    LIST,
    REQUEST,
    DENIED,
    AUTH_FAILURE,
    ADMIN_ACTION,
    /** A gateway rule matched a call's arguments or result: what it did (or would have done), where. */
    RULE,
    /** A call was refused by a rate limit. */
    RATE_LIMITED,
    /** A tool's definition changed or appeared and it was hidden until reviewed, or a review approved it. */
    QUARANTINE,
    /** A call held for an admin's approval was approved, denied or timed out. */
    APPROVAL,
    /**
     * Gatehouse's authorization server issued, refreshed or revoked an OAuth token, registered a client,
     * or refused a rotated refresh token used again after its grace window (public ids only, never a token).
     */
    OAUTH,
    /**
     * An admin sign-in: a failure (console form, single sign-on or API Basic) or a refusal while its user or address
     * must wait; a console session signed in ({@code sign-in/<how>}, success) or signed out or timed out
     * ({@code sign-out/<how>}).
     */
    SIGN_IN;

    /** The lower-case name used on the wire and in filters. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditKind fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
