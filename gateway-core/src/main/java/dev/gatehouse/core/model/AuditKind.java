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
    ADMIN_ACTION;

    /** The lower-case name used on the wire and in filters. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditKind fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
