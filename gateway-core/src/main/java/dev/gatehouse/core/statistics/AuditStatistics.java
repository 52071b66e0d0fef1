package dev.gatehouse.core.statistics;

import dev.gatehouse.core.jpa.InstantConverter;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.statistics.CallStatistics.Bucket;
import dev.gatehouse.core.statistics.CallStatistics.Latency;
import dev.gatehouse.core.statistics.CallStatistics.Ranked;
import dev.gatehouse.core.statistics.CallStatistics.ServerCalls;
import dev.gatehouse.core.statistics.CallStatistics.ToolCount;
import dev.gatehouse.core.statistics.CallStatistics.Totals;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Computes {@link CallStatistics} in the database with SQL aggregates over {@code gh_audit_event}, one
 * read-only transaction, never by reading records into memory. The SQL is the same on H2 and PostgreSQL:
 * times are compared as instants ({@code TIMESTAMP WITH TIME ZONE} against bound UTC values), buckets are
 * whole steps since {@code from} in epoch seconds ({@code EXTRACT(EPOCH FROM …)} of a zoned time is the
 * instant's, whatever the session's zone), and percentiles are {@code PERCENTILE_DISC} (a duration that
 * occurred, not an interpolation, so both databases give the same value).
 */
public final class AuditStatistics {
    /** How many tools, hosts and users the rankings name. */
    public static final int TOP = 10;

    private static final String IN_RANGE = " FROM gh_audit_event WHERE event_time >= ? AND event_time < ?";
    /** A tools/call that ended: completed, or refused before it was sent. */
    private static final String CALL = " AND method = 'tools/call' AND kind IN ('CALL_COMPLETED', 'DENIED')";
    private static final String ERROR = "kind = 'CALL_COMPLETED' AND outcome NOT IN ('SUCCESS', 'CANCELLED')";
    /**
     * Refused before it was sent; a held call withdrawn undecided (cancelled) or whose credential ended while it was
     * held (revoked) was not refused: it counts as a call only, as in the usage report.
     */
    private static final String REFUSED = "kind = 'DENIED' AND outcome NOT IN ('CANCELLED', 'REVOKED')";
    private static final String UNANSWERED = "outcome IN ('UPSTREAM_ERROR', 'TIMEOUT')";

    private static final String TOTALS = "SELECT"
            + " SUM(CASE WHEN method = 'tools/call' AND kind IN ('CALL_COMPLETED', 'DENIED') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN method = 'tools/call' AND " + ERROR + " THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN method = 'tools/call' AND " + REFUSED + " THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN kind = 'RATE_LIMITED' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN kind = 'AUTH_FAILURE' THEN 1 ELSE 0 END)" + IN_RANGE;
    private static final String SERIES = "SELECT bucket, COUNT(*), SUM(error), SUM(refused) FROM (SELECT"
            + " FLOOR((EXTRACT(EPOCH FROM event_time) - CAST(? AS DECIMAL(20, 6))) / CAST(? AS BIGINT)) AS bucket,"
            + " CASE WHEN " + ERROR + " THEN 1 ELSE 0 END AS error,"
            + " CASE WHEN " + REFUSED + " THEN 1 ELSE 0 END AS refused" + IN_RANGE + CALL + ") calls GROUP BY bucket";
    private static final String LATENCY = "SELECT COUNT(duration_us),"
            + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY duration_us),"
            + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY duration_us),"
            + " PERCENTILE_DISC(0.99) WITHIN GROUP (ORDER BY duration_us), MAX(duration_us)"
            + IN_RANGE + " AND method = 'tools/call' AND kind = 'CALL_COMPLETED' AND duration_us IS NOT NULL";
    private static final String COUNTS = ", COUNT(*), SUM(CASE WHEN " + ERROR + " THEN 1 ELSE 0 END)";
    private static final String TOOLS = "SELECT gateway, tool" + COUNTS + IN_RANGE + CALL
            + " AND tool IS NOT NULL GROUP BY gateway, tool ORDER BY 3 DESC, 2, 1";
    private static final String HOSTS = "SELECT host_id, MAX(host_name)" + COUNTS + IN_RANGE + CALL
            + " AND host_id IS NOT NULL GROUP BY host_id ORDER BY 3 DESC, 2, 1";
    private static final String USERS = "SELECT token_issued_by, token_issued_by" + COUNTS + IN_RANGE + CALL
            + " AND token_issued_by IS NOT NULL GROUP BY token_issued_by ORDER BY 3 DESC, 1";
    private static final String SERVERS = "SELECT server, COUNT(*), SUM(CASE WHEN " + UNANSWERED + " THEN 1 ELSE 0 END),"
            + " MAX(CASE WHEN " + UNANSWERED + " THEN NULL ELSE event_time END),"
            + " MAX(CASE WHEN " + UNANSWERED + " THEN event_time ELSE NULL END)"
            + IN_RANGE + " AND method = 'tools/call' AND kind = 'CALL_COMPLETED' AND server IS NOT NULL GROUP BY server ORDER BY 1";

    private final Transactions tx;

    public AuditStatistics(Transactions tx) {
        this.tx = tx;
    }

    public CallStatistics of(StatisticsRange range) {
        return tx.read(em -> new CallStatistics(range, totals(em, range), series(em, range), latency(em, range),
                rows(em, TOOLS, range, TOP, r -> new ToolCount(text(r[0]), text(r[1]), number(r[2]), number(r[3]))),
                rows(em, HOSTS, range, TOP, AuditStatistics::ranked),
                rows(em, USERS, range, TOP, AuditStatistics::ranked),
                rows(em, SERVERS, range, Integer.MAX_VALUE, r -> new ServerCalls(text(r[0]), number(r[1]), number(r[2]),
                        InstantConverter.fromColumn(r[3]), InstantConverter.fromColumn(r[4])))));
    }

    private static Totals totals(EntityManager em, StatisticsRange range) {
        Object[] r = (Object[]) bound(em.createNativeQuery(TOTALS), range).getSingleResult();
        return new Totals(number(r[0]), number(r[1]), number(r[2]), number(r[3]), number(r[4]));
    }

    /** Every bucket of the range, those without calls as zeros. */
    private static List<Bucket> series(EntityManager em, StatisticsRange range) {
        long[][] counts = new long[range.buckets()][3];
        Query q = em.createNativeQuery(SERIES)
                .setParameter(1, BigDecimal.valueOf(range.from().getEpochSecond()).add(BigDecimal.valueOf(range.from().getNano(), 9)))
                .setParameter(2, range.step().toSeconds())
                .setParameter(3, InstantConverter.toColumn(range.from()))
                .setParameter(4, InstantConverter.toColumn(range.to()));
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            int bucket = (int) number(r[0]);
            if (bucket >= 0 && bucket < counts.length) {
                counts[bucket] = new long[]{number(r[1]), number(r[2]), number(r[3])};
            }
        }
        List<Bucket> series = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            series.add(new Bucket(range.bucketStart(i), counts[i][0], counts[i][1], counts[i][2]));
        }
        return series;
    }

    private static Latency latency(EntityManager em, StatisticsRange range) {
        Object[] r = (Object[]) bound(em.createNativeQuery(LATENCY), range).getSingleResult();
        long samples = number(r[0]);
        return samples == 0 ? new Latency(0, null, null, null, null)
                : new Latency(samples, number(r[1]), number(r[2]), number(r[3]), number(r[4]));
    }

    private static <T> List<T> rows(EntityManager em, String sql, StatisticsRange range, int max, Function<Object[], T> row) {
        Query q = bound(em.createNativeQuery(sql), range);
        if (max != Integer.MAX_VALUE) {
            q.setMaxResults(max);
        }
        return q.getResultList().stream().map(r -> row.apply((Object[]) r)).toList();
    }

    private static Ranked ranked(Object[] r) {
        return new Ranked(text(r[0]), text(r[1]), number(r[2]), number(r[3]));
    }

    private static Query bound(Query q, StatisticsRange range) {
        return q.setParameter(1, InstantConverter.toColumn(range.from())).setParameter(2, InstantConverter.toColumn(range.to()));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
