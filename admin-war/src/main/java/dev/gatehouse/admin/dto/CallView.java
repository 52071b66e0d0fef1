package dev.gatehouse.admin.dto;

import dev.gatehouse.core.calls.CallRow;

import java.time.Instant;
import java.util.List;

/**
 * One call on the wire ({@code GET /api/calls}): when it started and ended, where it went, who made it, how
 * it ended ({@code endedBy} {@code call_completed} or {@code denied}), its duration in milliseconds, the
 * decisions recorded between start and end, how many records it has ({@code /api/logs?correlationId=…}), and its
 * {@code cursor}: its position in the order asked, so a reader pages back ({@code order} reversed, {@code cursor} of
 * the page's first call) as well as on ({@code next}).
 */
public record CallView(String correlationId, Instant startedAt, Instant endedAt, String gateway, String server,
                       String tool, String hostId, String host, String user, String endedBy, String outcome,
                       Double durationMs, Integer httpStatus, Integer errorCode, String detail, int records,
                       List<Decision> decisions, String cursor) {

    public record Decision(String kind, String outcome, String detail) {
    }

    /** A page of calls; {@code next} is the cursor of the following page, null on the last. */
    public record Page(List<CallView> calls, String next) {
    }

    public static CallView of(CallRow r) {
        return new CallView(r.correlationId(), r.startedAt(), r.endedAt(), r.gateway(), r.server(), r.tool(),
                r.hostId(), r.hostName(), r.user(), r.endedBy().wireName(), r.outcome().wireName(),
                r.durationMicros() == null ? null : r.durationMicros() / 1000.0, r.httpStatus(), r.errorCode(), r.detail(),
                r.records(), r.decisions().stream().map(d -> new Decision(d.kind().wireName(), d.outcome().wireName(),
                        d.detail())).toList(), r.cursor().encode());
    }
}
