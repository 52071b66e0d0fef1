package dev.gatehouse.core.calls;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The audit log read as calls: one page of {@code tools/call}s that ended (their {@code call_completed} or
 * {@code denied} record), filtered, searched and sorted in the database with keyset paging, then each call's
 * other records read in one query by correlation id and merged into its row. Two indexed reads per page,
 * however deep the page.
 */
public final class CallLog {
    /** Records that are decisions about a call rather than its start or its end. */
    private static final Set<AuditKind> DECISIONS = Set.of(AuditKind.RULE, AuditKind.RATE_LIMITED,
            AuditKind.APPROVAL, AuditKind.QUARANTINE);
    private static final String DURATION = "coalesce(a.durationMicros, 0)";

    private final Transactions tx;

    public CallLog(Transactions tx) {
        this.tx = tx;
    }

    /** A page of calls; {@code next} is the cursor of the following page, or null when this one is the last. */
    public record Page(List<CallRow> calls, CallCursor next) {
    }

    public Page page(CallQuery q) {
        return tx.read(em -> {
            List<AuditEvent> ends = ends(em, q);
            boolean more = ends.size() > q.limit();
            List<AuditEvent> shown = more ? ends.subList(0, q.limit()) : ends;
            Map<String, List<AuditEvent>> records = records(em, shown);
            List<CallRow> rows = shown.stream().map(end -> row(end, records.getOrDefault(end.correlationId(), List.of()), q.sort()))
                    .toList();
            return new Page(rows, more ? rows.get(rows.size() - 1).cursor() : null);
        });
    }

    private static List<AuditEvent> ends(EntityManager em, CallQuery q) {
        StringBuilder jpql = new StringBuilder("select a from AuditEventEntity a where a.method = 'tools/call'"
                + " and a.kind in :ends");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ends", List.of(AuditKind.CALL_COMPLETED, AuditKind.DENIED));
        where(jpql, params, "a.gateway = :gateway", "gateway", q.gateway());
        where(jpql, params, "a.server = :server", "server", q.server());
        where(jpql, params, "a.tool = :tool", "tool", q.tool());
        where(jpql, params, "lower(a.tokenIssuedBy) = :user", "user", q.user() == null ? null // names ignore case (UserNames)
                : q.user().toLowerCase(Locale.ROOT));
        where(jpql, params, "a.outcome = :outcome", "outcome", q.outcome());
        where(jpql, params, "a.time >= :from", "from", q.from());
        where(jpql, params, "a.time < :to", "to", q.to());
        if (present(q.host())) {
            jpql.append(" and (a.hostId = :host or lower(a.hostName) = :hostName)");
            params.put("host", q.host().strip());
            params.put("hostName", q.host().strip().toLowerCase(Locale.ROOT));
        }
        if (present(q.text())) {
            jpql.append(" and (lower(a.tool) like :text escape '\\' or lower(a.hostName) like :text escape '\\'"
                    + " or lower(a.tokenIssuedBy) like :text escape '\\' or lower(a.detail) like :text escape '\\'"
                    + " or a.correlationId = :exact or exists (select r.id from AuditEventEntity r"
                    + " where r.correlationId = a.correlationId and lower(r.detail) like :text escape '\\'))");
            params.put("text", dev.gatehouse.core.text.SearchText.likePattern(q.text()));
            params.put("exact", q.text().strip());
        }
        String key = q.sort() == CallQuery.Sort.TIME ? "a.time" : DURATION;
        String direction = q.ascending() ? "asc" : "desc";
        if (q.after() != null) {
            String beyond = q.ascending() ? ">" : "<";
            jpql.append(" and (").append(key).append(' ').append(beyond).append(" :afterKey or (").append(key)
                    .append(" = :afterKey and a.id ").append(beyond).append(" :afterId))");
            params.put("afterKey", q.sort() == CallQuery.Sort.TIME ? micros(q.after().key()) : (Object) q.after().key());
            params.put("afterId", q.after().id());
        }
        jpql.append(" order by ").append(key).append(' ').append(direction).append(", a.id ").append(direction);
        TypedQuery<AuditEventEntity> query = em.createQuery(jpql.toString(), AuditEventEntity.class);
        params.forEach(query::setParameter);
        return query.setMaxResults(q.limit() + 1).getResultList().stream().map(AuditEventEntity::toRecord).toList();
    }

    /** Every record of the page's calls, by correlation id, oldest first. */
    private static Map<String, List<AuditEvent>> records(EntityManager em, List<AuditEvent> ends) {
        if (ends.isEmpty()) {
            return Map.of();
        }
        List<String> ids = ends.stream().map(AuditEvent::correlationId).distinct().toList();
        return em.createQuery("select r from AuditEventEntity r where r.correlationId in :ids order by r.time, r.id",
                        AuditEventEntity.class).setParameter("ids", ids).getResultList().stream()
                .map(AuditEventEntity::toRecord)
                .collect(Collectors.groupingBy(AuditEvent::correlationId, LinkedHashMap::new, Collectors.toList()));
    }

    private static CallRow row(AuditEvent end, List<AuditEvent> records, CallQuery.Sort sort) {
        Instant started = records.stream().filter(r -> r.kind() == AuditKind.CALL_STARTED).map(AuditEvent::time)
                .findFirst().orElse(null);
        List<CallRow.Decision> decisions = new ArrayList<>();
        records.stream().filter(r -> DECISIONS.contains(r.kind()))
                .forEach(r -> decisions.add(new CallRow.Decision(r.kind(), r.outcome(), r.detail())));
        long key = sort == CallQuery.Sort.TIME ? ChronoUnit.MICROS.between(Instant.EPOCH, end.time())
                : end.durationMicros() == null ? 0 : end.durationMicros();
        return new CallRow(end.correlationId(), started, end.time(), end.gateway(), end.server(), end.tool(),
                end.hostId(), end.hostName(), end.tokenIssuedBy(), end.kind(), end.outcome(), end.durationMicros(),
                end.httpStatus(), end.errorCode(), end.detail(), Math.max(records.size(), 1), decisions,
                new CallCursor(sort, key, end.id()));
    }

    private static void where(StringBuilder jpql, Map<String, Object> params, String clause, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            jpql.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    private static Instant micros(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }
}
