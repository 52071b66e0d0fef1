package dev.gatehouse.core.jpa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gatehouse.core.approval.ApprovalStatus;
import dev.gatehouse.core.approval.ApprovalStore;
import dev.gatehouse.core.approval.HeldCall;
import dev.gatehouse.core.approval.PendingApproval;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Held calls in JPA ({@code gh_pending_approval}); a decision is one conditional update, so only one wins. */
public final class JpaApprovalStore implements ApprovalStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant LONG_AGO = Instant.EPOCH;

    private final Transactions tx;

    public JpaApprovalStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public PendingApproval create(HeldCall c, String nodeId, Instant now, Instant expiresAt) {
        String arguments = c.arguments() == null ? null : c.arguments().toString();
        if (arguments != null && arguments.length() > PendingApprovalEntity.MAX_ARGUMENTS) {
            arguments = JsonNodeFactory.instance.objectNode().put("truncated", true)
                    .put("preview", arguments.substring(0, 4000)).toString();
        }
        String args = arguments;
        return tx.inTransaction(em -> {
            PendingApprovalEntity e = new PendingApprovalEntity(UUID.randomUUID().toString(), c.gateway(), c.hostId(),
                    c.hostName(), c.connectionId(), c.tokenPublicId(), c.server(), c.tool(), c.ruleId(), c.ruleName(),
                    args, now, expiresAt, nodeId, c.correlationId());
            em.persist(e);
            return toRecord(e);
        });
    }

    @Override
    public Optional<PendingApproval> find(String id) {
        return id == null ? Optional.empty()
                : tx.read(em -> Optional.ofNullable(em.find(PendingApprovalEntity.class, id)).map(JpaApprovalStore::toRecord));
    }

    @Override
    public List<PendingApproval> pendingOfNode(String nodeId) {
        return tx.read(em -> em.createQuery("select p from PendingApprovalEntity p where p.nodeId = :node"
                        + " and p.status = dev.gatehouse.core.approval.ApprovalStatus.PENDING order by p.requestedAt",
                PendingApprovalEntity.class).setParameter("node", nodeId).getResultList().stream()
                .map(JpaApprovalStore::toRecord).toList());
    }

    @Override
    public List<PendingApproval> decided(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return tx.read(em -> em.createNamedQuery("PendingApproval.decided", PendingApprovalEntity.class)
                .setParameter("ids", List.copyOf(ids)).getResultList().stream().map(JpaApprovalStore::toRecord).toList());
    }

    @Override
    public List<PendingApproval> pending(String gateway) {
        return tx.read(em -> (gateway == null
                ? em.createNamedQuery("PendingApproval.pending", PendingApprovalEntity.class)
                : em.createNamedQuery("PendingApproval.pendingOfGateway", PendingApprovalEntity.class)
                .setParameter("gateway", gateway)).getResultList().stream().map(JpaApprovalStore::toRecord).toList());
    }

    @Override
    public boolean settle(String id, ApprovalStatus status, String actor, String reason, Instant now) {
        // an admin decides only before the deadline; expiry and withdrawal settle whatever is still pending
        boolean byAdmin = status == ApprovalStatus.APPROVED || status == ApprovalStatus.DENIED;
        return tx.inTransaction(em -> em.createNamedQuery("PendingApproval.settle").setParameter("status", status)
                .setParameter("actor", actor).setParameter("now", now).setParameter("reason", reason)
                .setParameter("id", id).setParameter("deadline", byAdmin ? now : LONG_AGO).executeUpdate()) == 1;
    }

    static PendingApproval toRecord(PendingApprovalEntity e) {
        return new PendingApproval(e.id(), e.gateway(), e.hostId(), e.hostName(), e.connectionId(), e.tokenPublicId(),
                e.server(), e.tool(), e.ruleId(), e.ruleName(), json(e.arguments()), e.status(), e.requestedAt(),
                e.expiresAt(), e.decidedBy(), e.decidedAt(), e.reason(), e.nodeId(), e.correlationId());
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
