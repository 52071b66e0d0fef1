package dev.gatehouse.core.model;

import java.time.Instant;

/**
 * Filters for reading the audit log, newest first; null fields do not filter.
 *
 * @param host a host id or a host name (names compared case-insensitively), as an admin types it
 */
public record AuditQuery(String hostId, String gateway, String server, String tool, String method,
                         Outcome outcome, AuditKind kind, String user, String correlationId,
                         Instant from, Instant to, int limit, String host) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        limit = Math.min(limit, MAX_LIMIT);
    }

    /** The filters without {@code host}, for callers written before it existed. */
    public AuditQuery(String hostId, String gateway, String server, String tool, String method,
                      Outcome outcome, AuditKind kind, String user, String correlationId,
                      Instant from, Instant to, int limit) {
        this(hostId, gateway, server, tool, method, outcome, kind, user, correlationId, from, to, limit, null);
    }

    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, limit);
    }
}
