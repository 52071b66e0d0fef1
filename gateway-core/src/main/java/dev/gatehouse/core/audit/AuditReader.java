package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads audit records with filters, newest first. Filters are bound parameters, never concatenated values. */
public final class AuditReader {
    private final Transactions tx;

    public AuditReader(Transactions tx) {
        this.tx = tx;
    }

    public List<AuditEvent> query(AuditQuery q) {
        StringBuilder jpql = new StringBuilder("select a from AuditEventEntity a");
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        filter(where, params, "a.hostId = :hostId", "hostId", q.hostId());
        filter(where, params, "a.gateway = :gateway", "gateway", q.gateway());
        filter(where, params, "a.server = :server", "server", q.server());
        filter(where, params, "a.tool = :tool", "tool", q.tool());
        filter(where, params, "a.method = :method", "method", q.method());
        filter(where, params, "a.outcome = :outcome", "outcome", q.outcome());
        filter(where, params, "a.kind = :kind", "kind", q.kind());
        filter(where, params, "(a.tokenIssuedBy = :user or a.actor = :user)", "user", q.user());
        filter(where, params, "a.correlationId = :correlationId", "correlationId", q.correlationId());
        filter(where, params, "a.time >= :from", "from", q.from());
        filter(where, params, "a.time < :to", "to", q.to());
        if (q.host() != null && !q.host().isBlank()) {
            where.add("(a.hostId = :host or lower(a.hostName) = :hostName)");
            params.put("host", q.host().strip());
            params.put("hostName", q.host().strip().toLowerCase(Locale.ROOT));
        }
        if (!where.isEmpty()) {
            jpql.append(" where ").append(String.join(" and ", where));
        }
        jpql.append(" order by a.time desc, a.id desc");
        return tx.read(em -> {
            TypedQuery<AuditEventEntity> query = em.createQuery(jpql.toString(), AuditEventEntity.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(q.limit()).getResultList().stream().map(AuditEventEntity::toRecord).toList();
        });
    }

    /** The last record this node wrote, so a restarted node continues its chain. */
    public Optional<AuditEvent> chainHead(String nodeId) {
        return tx.read(em -> em.createNamedQuery("AuditEvent.chainHead", AuditEventEntity.class)
                .setParameter("nodeId", nodeId).setMaxResults(1).getResultStream().findFirst()
                .map(AuditEventEntity::toRecord));
    }

    private static void filter(List<String> where, Map<String, Object> params, String clause, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            where.add(clause);
            params.put(name, value);
        }
    }
}
