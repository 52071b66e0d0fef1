package dev.gatehouse.core.siem;

import java.time.Instant;

/**
 * How one sink is doing on this node: for health checks, metrics and the admin API.
 *
 * @param delivered           the last sequence of this node's chain the sink has confirmed (the persisted cursor)
 * @param head                the last sequence this node's chain holds
 * @param lagRecords          records written but not yet confirmed
 * @param oldestUndelivered   when the oldest of those was written (null: none waiting)
 * @param failures            failed attempts since this node started
 * @param consecutiveFailures failed attempts since the last success (0: healthy)
 * @param lastError           what went wrong last, in Gatehouse's words (never a secret)
 * @param skipped             records passed over since this node started: holes in the chain that stayed empty past
 *                            the grace time ({@code audit-stream-gap-grace-ms}), e.g. records deleted behind retention
 */
public record SinkStatus(String sinkId, String name, String kind, String nodeId, long delivered, long head, long lagRecords,
                         Instant oldestUndelivered, long failures, long consecutiveFailures, String lastError,
                         Instant lastErrorAt, Instant lastDeliveryAt, long skipped) {
    /** A sink is healthy while its last attempt succeeded. */
    public boolean healthy() {
        return consecutiveFailures == 0;
    }
}
