package dev.gatehouse.core.report;

import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Usage over a period, from the audit trail, grouped by any of host, user (who generated the token),
 * gateway and tool: {@code tools/call}s answered (succeeded, failed: the {@code call_completed} records) and
 * refused before they started (denied by the allow-list, rate limited, quarantined), calls held for approval that
 * ended undecided (withdrawn: the client went away, the node stopped, or the credential was revoked while held:
 * counted as calls, neither refused nor failed, since nobody refused them and nothing answered), their time and bytes. The database does the grouping (one
 * query, grouped by the chosen dimensions and the outcome); this class folds the outcomes into columns.
 */
public final class UsageReport {
    /** The dimensions a report can group by, in column order. */
    public enum Dimension {
        HOST("a.hostName"), USER("a.tokenIssuedBy"), GATEWAY("a.gateway"), TOOL("a.tool");

        private final String field;

        Dimension(String field) {
            this.field = field;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code host,user,...}; refused with words fit to show. */
        public static List<Dimension> parse(String value) {
            if (value == null || value.isBlank()) {
                return List.of(values());
            }
            List<Dimension> out = new ArrayList<>();
            for (String part : value.split(",")) {
                Dimension d = Arrays.stream(values()).filter(x -> x.wireName().equals(part.strip())).findFirst()
                        .orElseThrow(() -> RequestRejected.invalid("by: a list of host, user, gateway, tool"));
                if (!out.contains(d)) {
                    out.add(d);
                }
            }
            return out;
        }
    }

    /** One row: the group's values (in the report's dimension order) and what happened in it. */
    public record Row(List<String> group, long calls, long succeeded, long failed, long refused, long withdrawn,
                      long durationMicros, long bytesIn, long bytesOut) {
        /** Mean duration of the answered calls, in milliseconds (0 without any). */
        public double meanMillis() {
            long answered = succeeded + failed;
            return answered == 0 ? 0 : durationMicros / 1000.0 / answered;
        }
    }

    /** The report: period, grouping, rows by calls (most first). */
    public record Report(Instant from, Instant to, List<Dimension> by, List<Row> rows) {
    }

    /** Records that count: answered calls and refused ones. */
    private static final Set<AuditKind> KINDS = EnumSet.of(AuditKind.CALL_COMPLETED, AuditKind.DENIED,
            AuditKind.RATE_LIMITED, AuditKind.QUARANTINE);
    private static final Set<Outcome> REFUSED = EnumSet.of(Outcome.DENIED, Outcome.REJECTED, Outcome.UNAUTHORIZED);
    /** How a call that never started ends when nobody refused it: a held call withdrawn, or revoked while held. */
    private static final Set<Outcome> WITHDRAWN = EnumSet.of(Outcome.CANCELLED, Outcome.REVOKED);
    /** A report covers at most this long a period. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final Transactions tx;

    public UsageReport(Transactions tx) {
        this.tx = tx;
    }

    public Report of(Instant from, Instant to, List<Dimension> by) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw RequestRejected.invalid("from and to: a period, from before to");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw RequestRejected.invalid("from and to: at most 366 days");
        }
        String groups = String.join(", ", by.stream().map(d -> d.field).toList());
        String jpql = "select " + (groups.isEmpty() ? "" : groups + ", ") + "a.kind, a.outcome, count(a), sum(a.durationMicros),"
                + " sum(a.bytesIn), sum(a.bytesOut) from AuditEventEntity a where a.kind in :kinds and a.method = 'tools/call'"
                + " and a.time >= :from and a.time < :to group by " + (groups.isEmpty() ? "" : groups + ", ") + "a.kind, a.outcome";
        List<Object[]> found = tx.read(em -> em.createQuery(jpql, Object[].class).setParameter("kinds", KINDS)
                .setParameter("from", from).setParameter("to", to).getResultList());
        Map<List<String>, long[]> folded = new LinkedHashMap<>();
        int n = by.size();
        for (Object[] row : found) {
            List<String> group = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                group.add((String) row[i]);
            }
            AuditKind kind = (AuditKind) row[n];
            Outcome outcome = (Outcome) row[n + 1];
            long count = ((Number) row[n + 2]).longValue();
            long[] t = folded.computeIfAbsent(group, g -> new long[8]);
            boolean answered = kind == AuditKind.CALL_COMPLETED && !REFUSED.contains(outcome);
            boolean withdrawn = kind != AuditKind.CALL_COMPLETED && WITHDRAWN.contains(outcome);
            if (kind == AuditKind.CALL_COMPLETED || REFUSED.contains(outcome) || withdrawn) {
                t[0] += count;
            }
            if (withdrawn) {
                t[7] += count;
            }
            if (answered && outcome == Outcome.SUCCESS) {
                t[1] += count;
            } else if (answered) {
                t[2] += count;
            } else if (REFUSED.contains(outcome)) {
                t[3] += count;
            }
            if (answered) {
                t[4] += number(row[n + 3]);
            }
            t[5] += number(row[n + 4]);
            t[6] += number(row[n + 5]);
        }
        List<Row> rows = new ArrayList<>();
        folded.forEach((g, t) -> {
            if (t[0] > 0) {
                rows.add(new Row(g, t[0], t[1], t[2], t[3], t[7], t[4], t[5], t[6]));
            }
        });
        rows.sort((a, b) -> a.calls() != b.calls() ? Long.compare(b.calls(), a.calls())
                : String.valueOf(a.group()).compareTo(String.valueOf(b.group())));
        return new Report(from, to, List.copyOf(by), rows);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
