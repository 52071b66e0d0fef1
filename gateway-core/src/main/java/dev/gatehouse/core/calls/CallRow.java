package dev.gatehouse.core.calls;

import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.time.Instant;
import java.util.List;

/**
 * One {@code tools/call} as an admin reads it: its records merged by correlation id. The call's last record
 * (completed, or denied before it was sent) gives the outcome and duration; the start record, if any, when it
 * began; the records between them (rules, rate limits, approvals, quarantine) are its decisions.
 *
 * @param records how many audit records the call has (all of them at {@code /api/logs?correlationId=…})
 */
public record CallRow(String correlationId, Instant startedAt, Instant endedAt, String gateway, String server,
                      String tool, String hostId, String hostName, String user, AuditKind endedBy, Outcome outcome,
                      Long durationMicros, Integer httpStatus, Integer errorCode, String detail, int records,
                      List<Decision> decisions, CallCursor cursor) {
    public CallRow {
        decisions = List.copyOf(decisions);
    }

    /** A governance decision on the call: which kind of record, how it ended, what it says. */
    public record Decision(AuditKind kind, Outcome outcome, String detail) {
    }
}
