package dev.gatehouse.core.limits;

import java.time.Instant;

/**
 * Quota shared by every node through the database. Nodes take quota in small batches and spend it
 * locally, so the database sees one write per batch, not one per call; each take is serialised by
 * the database, so the batches handed out never add up to more than the limit.
 */
public interface LeaseStore {
    /**
     * Takes up to {@code want} units of the window {@code key} whose total is {@code limit}.
     *
     * @param expires when the window's row may be purged
     * @return how many were granted: {@code want}, what was left, or zero
     */
    int takeWindow(String key, int want, int limit, Instant expires);

    /**
     * Takes up to {@code want} concurrency slots of {@code bucket} for {@code nodeId}: granted while the
     * slots held by live nodes (those whose hold has not expired at {@code now}) stay within {@code limit}.
     * The node's hold is renewed to {@code holdUntil}.
     */
    int takeSlots(String bucket, String nodeId, int want, int limit, Instant now, Instant holdUntil);

    /** Gives {@code count} slots of {@code bucket} back from {@code nodeId}. */
    void returnSlots(String bucket, String nodeId, int count, Instant holdUntil);

    /** Renews every slot hold of {@code nodeId}, so other nodes keep counting them. */
    void renewHolds(String nodeId, Instant holdUntil);

    /** Deletes rows of past windows and of holds that expired; returns how many. */
    int purge(Instant now);
}
