package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.List;

/**
 * Filters for reading the audit log, newest first; null fields do not filter.
 *
 * @param host            a host id or a host name (names compared case-insensitively), as an admin types it
 * @param tokenPublicIds  records of any of these tokens (a connection's tokens across rotations); null
 *                        does not filter, an empty list matches nothing
 * @param text            free text found in a record's detail (error text, reason), tool, host name, user or
 *                        actor (case-insensitive), or its exact correlation id ({@link dev.gatehouse.core.text.SearchText})
 */
public record AuditQuery(String hostId, String gateway, String server, String tool, String method,
                         Outcome outcome, AuditKind kind, String user, String correlationId,
                         Instant from, Instant to, int limit, String host, List<String> tokenPublicIds, String text) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        limit = Math.min(limit, MAX_LIMIT);
        tokenPublicIds = tokenPublicIds == null ? null : List.copyOf(tokenPublicIds);
        text = text == null || text.isBlank() ? null : text;
    }

    /** The filters without free {@code text}. */
    public AuditQuery(String hostId, String gateway, String server, String tool, String method,
                      Outcome outcome, AuditKind kind, String user, String correlationId,
                      Instant from, Instant to, int limit, String host, List<String> tokenPublicIds) {
        this(hostId, gateway, server, tool, method, outcome, kind, user, correlationId, from, to, limit, host,
                tokenPublicIds, null);
    }

    /** The filters without {@code tokenPublicIds}. */
    public AuditQuery(String hostId, String gateway, String server, String tool, String method,
                      Outcome outcome, AuditKind kind, String user, String correlationId,
                      Instant from, Instant to, int limit, String host) {
        this(hostId, gateway, server, tool, method, outcome, kind, user, correlationId, from, to, limit, host, null);
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
