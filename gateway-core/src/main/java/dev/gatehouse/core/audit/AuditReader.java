package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.text.SearchText;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads audit records with filters, newest first. Filters are bound parameters, never concatenated values. */
public final class AuditReader {
    /** Rows read per round trip when scanning for an export. */
    static final int SCAN_PAGE = 500;

    private final Transactions tx;

    public AuditReader(Transactions tx) {
        this.tx = tx;
    }

    public List<AuditEvent> query(AuditQuery q) {
        return page(q, null, false, q.limit());
    }

    /** The records strictly beyond {@code after} in the order asked (see {@link AuditLog#page}). */
    public List<AuditEvent> page(AuditQuery q, AuditCursor after, boolean oldestFirst) {
        return page(q, after, oldestFirst, q.limit());
    }

    /**
     * Every matching record, newest first, in pages: each page continues strictly after the last record
     * of the one before in (time, id) order, so records appended meanwhile neither repeat nor shift pages.
     */
    public long scan(AuditQuery q, long maxRows, Consumer<AuditEvent> sink) {
        long handed = 0;
        AuditEvent last = null;
        while (handed < maxRows) {
            List<AuditEvent> page = page(q, last == null ? null : AuditCursor.of(last), false,
                    (int) Math.min(SCAN_PAGE, maxRows - handed));
            page.forEach(sink);
            handed += page.size();
            if (page.size() < SCAN_PAGE) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        return handed;
    }

    private List<AuditEvent> page(AuditQuery q, AuditCursor after, boolean oldestFirst, int size) {
        if (q.tokenPublicIds() != null && q.tokenPublicIds().isEmpty()) {
            return List.of();
        }
        StringBuilder jpql = new StringBuilder("select a from AuditEventEntity a");
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = filters(q, params);
        if (after != null) {
            String beyond = oldestFirst ? ">" : "<";
            where.add("(a.time " + beyond + " :afterTime or (a.time = :afterTime and a.id " + beyond + " :afterId))");
            params.put("afterTime", after.time());
            params.put("afterId", after.id());
        }
        if (!where.isEmpty()) {
            jpql.append(" where ").append(String.join(" and ", where));
        }
        String direction = oldestFirst ? "asc" : "desc";
        jpql.append(" order by a.time ").append(direction).append(", a.id ").append(direction);
        return tx.read(em -> {
            TypedQuery<AuditEventEntity> query = em.createQuery(jpql.toString(), AuditEventEntity.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(size).getResultList().stream().map(AuditEventEntity::toRecord).toList();
        });
    }

    private static List<String> filters(AuditQuery q, Map<String, Object> params) {
        List<String> where = new ArrayList<>();
        filter(where, params, "a.hostId = :hostId", "hostId", q.hostId());
        filter(where, params, "a.gateway = :gateway", "gateway", q.gateway());
        filter(where, params, "a.server = :server", "server", q.server());
        filter(where, params, "a.tool = :tool", "tool", q.tool());
        filter(where, params, "a.method = :method", "method", q.method());
        filter(where, params, "a.outcome = :outcome", "outcome", q.outcome());
        filter(where, params, "a.kind = :kind", "kind", q.kind());
        // user names identify a user ignoring case (UserNames): ALICE finds what alice did
        filter(where, params, "(lower(a.tokenIssuedBy) = :user or lower(a.actor) = :user)", "user",
                q.user() == null ? null : q.user().toLowerCase(Locale.ROOT));
        filter(where, params, "a.correlationId = :correlationId", "correlationId", q.correlationId());
        filter(where, params, "a.time >= :from", "from", q.from());
        filter(where, params, "a.time < :to", "to", q.to());
        if (q.host() != null && !q.host().isBlank()) {
            where.add("(a.hostId = :host or lower(a.hostName) = :hostName)");
            params.put("host", q.host().strip());
            params.put("hostName", q.host().strip().toLowerCase(Locale.ROOT));
        }
        if (q.tokenPublicIds() != null) {
            where.add("a.tokenPublicId in :tokenPublicIds");
            params.put("tokenPublicIds", q.tokenPublicIds());
        }
        if (q.text() != null) {
            where.add("(lower(a.detail) like :text escape '\\' or lower(a.tool) like :text escape '\\'"
                    + " or lower(a.hostName) like :text escape '\\' or lower(a.tokenIssuedBy) like :text escape '\\'"
                    + " or lower(a.actor) like :text escape '\\' or a.correlationId = :exactText)");
            params.put("text", SearchText.likePattern(q.text()));
            params.put("exactText", q.text().strip());
        }
        return where;
    }

    /**
     * Whether a record not yet in the table (a journal's unshipped tail) matches the filters exactly as the
     * query's {@code where} clause would match its row.
     */
    public static boolean matches(AuditQuery q, AuditEvent e) {
        // a record without a token (an admin action) matches no token filter; List.of(...).contains(null) throws
        if (q.tokenPublicIds() != null && (e.tokenPublicId() == null || !q.tokenPublicIds().contains(e.tokenPublicId()))) {
            return false;
        }
        if (q.host() != null && !q.host().isBlank()) {
            String host = q.host().strip();
            if (!host.equals(e.hostId()) && (e.hostName() == null || !e.hostName().toLowerCase(Locale.ROOT)
                    .equals(host.toLowerCase(Locale.ROOT)))) {
                return false;
            }
        }
        if (q.user() != null && !q.user().isBlank() && !sameUser(q.user(), e.tokenIssuedBy()) && !sameUser(q.user(), e.actor())) {
            return false;
        }
        if (q.text() != null && !SearchText.in(q.text(), e.detail()) && !SearchText.in(q.text(), e.tool())
                && !SearchText.in(q.text(), e.hostName()) && !SearchText.in(q.text(), e.tokenIssuedBy())
                && !SearchText.in(q.text(), e.actor()) && !q.text().strip().equals(e.correlationId())) {
            return false;
        }
        return same(q.hostId(), e.hostId()) && same(q.gateway(), e.gateway()) && same(q.server(), e.server())
                && same(q.tool(), e.tool()) && same(q.method(), e.method()) && same(q.correlationId(), e.correlationId())
                && (q.outcome() == null || q.outcome() == e.outcome()) && (q.kind() == null || q.kind() == e.kind())
                && (q.from() == null || !e.time().isBefore(q.from())) && (q.to() == null || e.time().isBefore(q.to()));
    }

    private static boolean same(String filter, String value) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }

    /** The last record this node wrote, so a restarted node continues its chain. */
    public Optional<AuditEvent> chainHead(String nodeId) {
        return tx.read(em -> em.createNamedQuery("AuditEvent.chainHead", AuditEventEntity.class)
                .setParameter("nodeId", nodeId).setMaxResults(1).getResultStream().findFirst()
                .map(AuditEventEntity::toRecord));
    }

    /** As the query's {@code lower(…) = :user} compares. */
    private static boolean sameUser(String asked, String recorded) {
        return recorded != null && recorded.toLowerCase(Locale.ROOT).equals(asked.toLowerCase(Locale.ROOT));
    }

    private static void filter(List<String> where, Map<String, Object> params, String clause, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            where.add(clause);
            params.put(name, value);
        }
    }
}
