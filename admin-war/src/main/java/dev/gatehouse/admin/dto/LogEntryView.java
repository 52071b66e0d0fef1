package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * One audit record on the wire. {@code host} is the host's name, {@code user} the user who generated
 * the token used, {@code actor} the admin user of an admin action; durations are milliseconds.
 * Chain fields (node, sequence, hashes) are for the verify command, not for readers. {@code traceId} is the
 * W3C trace id of the request's span when tracing is on (docs/operations.md), else null. {@code cursor} is the
 * record's position, for {@code GET /api/logs?cursor=…}: the page beyond it.
 */
public record LogEntryView(Long id, String correlationId, Instant time, String kind, String outcome, String host,
                           String hostId, String user, String tokenPublicId, String actor, String gateway,
                           String server, String tool, String method, String jsonRpcId, Integer httpStatus,
                           Integer errorCode, String detail, Double durationMs, Double upstreamDurationMs,
                           Long bytesIn, Long bytesOut, String clientAddress, String userAgent,
                           String mcpSessionId, String traceId, String cursor) {
}
