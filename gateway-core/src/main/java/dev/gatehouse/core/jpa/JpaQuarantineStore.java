package dev.gatehouse.core.jpa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.quarantine.QuarantineStore;
import dev.gatehouse.core.quarantine.ToolReview;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Quarantined servers and their tools' definitions in JPA; entity and record meet only here. */
public final class JpaQuarantineStore implements QuarantineStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions tx;
    private final GatewayCatalog catalog;
    private final Clock clock;

    public JpaQuarantineStore(Transactions tx, GatewayCatalog catalog, Clock clock) {
        this.tx = tx;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public List<QuarantinedServer> servers() {
        return tx.read(em -> em.createNamedQuery("QuarantinedServer.all", QuarantinedServerEntity.class).getResultList()
                .stream().map(JpaQuarantineStore::toRecord).toList());
    }

    @Override
    public Optional<QuarantinedServer> server(String serverId) {
        return serverId == null ? Optional.empty() : tx.read(em ->
                Optional.ofNullable(em.find(QuarantinedServerEntity.class, serverId)).map(JpaQuarantineStore::toRecord));
    }

    @Override
    public QuarantinedServer enable(String serverId, String actor) {
        String id = catalog.server(serverId).orElseThrow(() -> RequestRejected.notFound("no such server")).id();
        return tx.inTransaction(em -> {
            QuarantinedServerEntity e = em.find(QuarantinedServerEntity.class, id);
            if (e == null) {
                e = new QuarantinedServerEntity(id, actor, clock.instant());
                em.persist(e);
            }
            return toRecord(e);
        });
    }

    @Override
    public boolean disable(String serverId) {
        return tx.inTransaction(em -> {
            QuarantinedServerEntity e = serverId == null ? null : em.find(QuarantinedServerEntity.class, serverId);
            if (e == null) {
                return false;
            }
            em.remove(e);
            em.createNamedQuery("ToolApproval.deleteOfServer").setParameter("server", serverId).executeUpdate();
            return true;
        });
    }

    @Override
    public List<ToolReview> tools(String serverId) {
        return tx.read(em -> em.createNamedQuery("ToolApproval.ofServer", ToolApprovalEntity.class)
                .setParameter("server", serverId).getResultList().stream().map(JpaQuarantineStore::toRecord).toList());
    }

    @Override
    public Optional<ToolReview> tool(String serverId, String tool) {
        return tx.read(em -> Optional.ofNullable(em.find(ToolApprovalEntity.class, ToolApprovalEntity.key(serverId, tool)))
                .map(JpaQuarantineStore::toRecord));
    }

    @Override
    public boolean takeBaseline(String serverId, List<Seen> tools, Instant when) {
        return tx.inTransaction(em -> {
            int taken = em.createNamedQuery("QuarantinedServer.takeBaseline").setParameter("server", serverId).executeUpdate();
            if (taken == 0) {
                return false; // another node took it first
            }
            String actor = em.find(QuarantinedServerEntity.class, serverId).enabledBy();
            for (Seen s : tools) {
                if (s.definition().toString().length() > ToolApprovalEntity.MAX_DEFINITION) {
                    continue; // too large to keep for review: it stays unapproved
                }
                ToolApprovalEntity e = em.find(ToolApprovalEntity.class, ToolApprovalEntity.key(serverId, s.name()));
                if (e == null) {
                    e = new ToolApprovalEntity(serverId, s.name());
                    em.persist(e);
                }
                e.approve(s.hash(), s.definition().toString(), actor, when);
            }
            return true;
        });
    }

    @Override
    public boolean recordPending(String serverId, Seen tool, Instant when) {
        String definition = tool.definition().toString();
        return tx.inTransaction(em -> {
            ToolApprovalEntity e = em.find(ToolApprovalEntity.class, ToolApprovalEntity.key(serverId, tool.name()));
            if (e == null) {
                e = new ToolApprovalEntity(serverId, tool.name());
                em.persist(e);
            } else if (tool.hash().equals(e.pendingHash())) {
                return false;
            }
            e.changedTo(tool.hash(), definition.length() > ToolApprovalEntity.MAX_DEFINITION ? null : definition, when);
            return true;
        });
    }

    @Override
    public Optional<ToolReview> approve(String serverId, String tool, String pendingHash, String actor, Instant when) {
        return tx.inTransaction(em -> {
            ToolApprovalEntity e = em.find(ToolApprovalEntity.class, ToolApprovalEntity.key(serverId, tool));
            if (e == null || e.pendingHash() == null || e.pendingDefinition() == null
                    || (pendingHash != null && !pendingHash.equals(e.pendingHash()))) {
                return Optional.empty();
            }
            e.approve(e.pendingHash(), e.pendingDefinition(), actor, when);
            return Optional.of(toRecord(e));
        });
    }

    private static QuarantinedServer toRecord(QuarantinedServerEntity e) {
        return new QuarantinedServer(e.serverId(), e.enabledBy(), e.enabledAt(), e.baselinePending());
    }

    static ToolReview toRecord(ToolApprovalEntity e) {
        return new ToolReview(e.serverId(), e.toolName(), e.approvedHash(), json(e.approvedDefinition()), e.approvedBy(),
                e.approvedAt(), e.pendingHash(), json(e.pendingDefinition()), e.pendingSince());
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("a stored tool definition is not JSON", e);
        }
    }
}
