package dev.gatehouse.core.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A time range of the audit log cut into equal steps (the buckets of a chart), as instants: {@code from}
 * inclusive, {@code to} exclusive, buckets starting at {@code from}. Instants, not local times, so the same
 * range gives the same figures whatever the zone of the JVM, the database session or the admin's browser.
 */
public record StatisticsRange(Instant from, Instant to, Duration step) {
    /** More points than a chart can show are refused rather than computed. */
    public static final int MAX_BUCKETS = 500;
    /** A year and a day: the longest range asked in one request. */
    public static final Duration MAX_SPAN = Duration.ofDays(367);
    /** Round steps, the smallest giving at most {@value #TARGET_BUCKETS} buckets is chosen when none is asked. */
    private static final List<Duration> ROUND_STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7));
    private static final int TARGET_BUCKETS = 60;

    public StatisticsRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("the range may span at most " + MAX_SPAN.toDays() + " days");
        }
        if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.getNano() != 0) {
            throw new IllegalArgumentException("'step' must be a whole number of seconds, at least one");
        }
        if (bucketCount(from, to, step) > MAX_BUCKETS) {
            throw new IllegalArgumentException("'step' gives more than " + MAX_BUCKETS + " buckets over the range");
        }
    }

    /** The range with the smallest round step that gives at most about sixty buckets. */
    public static StatisticsRange of(Instant from, Instant to) {
        Duration span = Duration.between(from, to);
        Duration step = ROUND_STEPS.stream().filter(s -> span.dividedBy(s) <= TARGET_BUCKETS).findFirst()
                .orElse(ROUND_STEPS.get(ROUND_STEPS.size() - 1));
        return new StatisticsRange(from, to, step);
    }

    public int buckets() {
        return (int) bucketCount(from, to, step);
    }

    public Instant bucketStart(int index) {
        return from.plus(step.multipliedBy(index));
    }

    private static long bucketCount(Instant from, Instant to, Duration step) {
        Duration span = Duration.between(from, to);
        long whole = span.dividedBy(step);
        return step.multipliedBy(whole).equals(span) ? whole : whole + 1;
    }
}
