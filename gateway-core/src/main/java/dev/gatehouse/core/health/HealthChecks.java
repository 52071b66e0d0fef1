package dev.gatehouse.core.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The named checks behind {@code /gatehouse/health/live} and {@code /gatehouse/health/ready}, in the
 * MicroProfile Health shape ({@code {"status":"UP","checks":[{"name":"database","status":"UP"}]}}).
 * Gatehouse registers {@code database} (readiness); any other part registers its own at start, e.g.
 * <pre>{@code gatehouse.health().readiness("audit-journal", journal::writable);}</pre>
 * A check must answer quickly (a probe waits for it) and from what it already knows where it can; one that
 * throws counts as DOWN. Liveness says the process should be restarted when DOWN; readiness says it should
 * get no traffic for now.
 */
public final class HealthChecks {
    /** Which probe a check belongs to. */
    public enum Probe { LIVENESS, READINESS }

    /** One check's answer. */
    public record Check(String name, boolean up) {
    }

    /** A probe's answer: UP when every check is. */
    public record Report(boolean up, List<Check> checks) {
        public Report {
            checks = List.copyOf(checks);
        }
    }

    private final Map<String, BooleanSupplier> liveness = new ConcurrentHashMap<>();
    private final Map<String, BooleanSupplier> readiness = new ConcurrentHashMap<>();

    /** Adds (or replaces) a liveness check; closing the result removes it. */
    public AutoCloseable liveness(String name, BooleanSupplier check) {
        return add(liveness, name, check);
    }

    /** Adds (or replaces) a readiness check; closing the result removes it. */
    public AutoCloseable readiness(String name, BooleanSupplier check) {
        return add(readiness, name, check);
    }

    /** Adds a check to the given probe. */
    public AutoCloseable register(Probe probe, String name, BooleanSupplier check) {
        return add(probe == Probe.LIVENESS ? liveness : readiness, name, check);
    }

    private static AutoCloseable add(Map<String, BooleanSupplier> checks, String name, BooleanSupplier check) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a health check's name is 1 to 64 of a-z 0-9 . _ - : " + name);
        }
        checks.put(name, check);
        return () -> checks.remove(name, check);
    }

    /** Runs the liveness checks. */
    public Report live() {
        return run(liveness);
    }

    /** Runs the readiness checks (the liveness checks are not repeated). */
    public Report ready() {
        return run(readiness);
    }

    private static Report run(Map<String, BooleanSupplier> checks) {
        List<Check> results = new ArrayList<>(checks.size());
        boolean up = true;
        for (var e : new java.util.TreeMap<>(checks).entrySet()) {
            boolean ok;
            try {
                ok = e.getValue().getAsBoolean();
            } catch (RuntimeException failed) {
                ok = false;
            }
            results.add(new Check(e.getKey(), ok));
            up &= ok;
        }
        return new Report(up, results);
    }
}
