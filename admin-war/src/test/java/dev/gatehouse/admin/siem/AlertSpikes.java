package dev.gatehouse.admin.siem;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The audit records of one minute that raise both spikes with the alert tests' thresholds (errorRatePercent 50,
 * minCalls 4, refusalsPerMinute 5): one answered call, six upstream errors, eight refusals; then a held call for
 * the tool {@code marker}, whose alert says every alert before it was raised.
 */
final class AlertSpikes {
    private AlertSpikes() {
    }

    /** Writes them in the next minute, so the spikes never straddle a minute boundary; returns that minute. */
    static Instant raise(AuditLog audit) {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).plusSeconds(5);
        audit.appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS).gateway("quickstart").tool("echo")
                .time(minute).build());
        for (int i = 0; i < 6; i++) {
            audit.appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.UPSTREAM_ERROR).gateway("quickstart")
                    .tool("echo").time(minute).build());
        }
        for (int i = 0; i < 8; i++) {
            audit.appendDurably(AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.UNAUTHORIZED).detail("invalid_token")
                    .time(minute).build());
        }
        audit.appendDurably(AuditEvent.builder(AuditKind.APPROVAL, Outcome.STARTED).tool("marker").time(minute).build());
        return minute;
    }
}
