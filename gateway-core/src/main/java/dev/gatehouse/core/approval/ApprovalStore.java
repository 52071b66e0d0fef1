package dev.gatehouse.core.approval;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Held calls, shared by every node: any node may decide a call held on another. */
public interface ApprovalStore {
    PendingApproval create(HeldCall call, String nodeId, Instant now, Instant expiresAt);

    Optional<PendingApproval> find(String id);

    /** Those of {@code ids} that are no longer pending. */
    List<PendingApproval> decided(Collection<String> ids);

    /** Every pending call, oldest first (optionally of one gateway). */
    List<PendingApproval> pending(String gateway);

    /** The pending calls held by node {@code nodeId}, oldest first: after its restart, those it lost. */
    List<PendingApproval> pendingOfNode(String nodeId);

    /**
     * Moves a pending call to {@code status}, if it is still pending (and, for an admin's decision, not
     * yet expired at {@code now}).
     *
     * @return true if this call made the change
     */
    boolean settle(String id, ApprovalStatus status, String actor, String reason, Instant now);
}
