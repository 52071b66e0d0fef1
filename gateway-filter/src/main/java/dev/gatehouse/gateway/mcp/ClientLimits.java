package dev.gatehouse.gateway.mcp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What bounds the bytes on their way to one client ({@link ClientOutput}), the same for every exchange of the
 * node: how much may wait for it ({@link #BACKLOG_SETTING}), and how long a cut exchange may still take to hand
 * a client its last bytes, the cut's own message last, before it is disconnected regardless ({@link #GRACE_SETTING}).
 *
 * @param backlogBytes bytes waiting for a client before its relay holds back or cuts it
 * @param cutGrace     from a cut to the disconnection of a client that has not taken everything queued by then
 * @param timer        the node's one timer thread that ends a grace (its task only hands the abort to the container)
 */
record ClientLimits(long backlogBytes, Duration cutGrace, ScheduledExecutorService timer) {
    /** Servlet context init parameter (or system property): the bound of one client's write queue, bytes. */
    static final String BACKLOG_SETTING = "gatehouse.mcp.client-backlog-bytes";
    /** Servlet context init parameter (or system property): a cut client's grace to take its last bytes, ms. */
    static final String GRACE_SETTING = "gatehouse.mcp.client-cut-grace-ms";
    static final long DEFAULT_BACKLOG_BYTES = 1024 * 1024;
    static final Duration DEFAULT_CUT_GRACE = Duration.ofSeconds(1);
    /** Longer would let a client that stopped reading hold a revoked exchange open for too long. */
    static final Duration MAX_CUT_GRACE = Duration.ofSeconds(30);

    ClientLimits {
        if (backlogBytes < 1024) {
            throw new IllegalArgumentException(BACKLOG_SETTING + " must be at least 1024 bytes: " + backlogBytes);
        }
        if (cutGrace.isNegative() || cutGrace.compareTo(MAX_CUT_GRACE) > 0) {
            throw new IllegalArgumentException(GRACE_SETTING + " must be 0 to " + MAX_CUT_GRACE.toMillis() + " ms: "
                    + cutGrace.toMillis());
        }
    }

    /**
     * The limits a deployment sets ({@code setting}: its init parameter, else the system property, else null),
     * defaults for what it does not set; a value that is not a number, or out of range, fails the deployment
     * naming the setting.
     */
    static ClientLimits of(Function<String, String> setting, ScheduledExecutorService timer) {
        long backlog = number(setting, BACKLOG_SETTING, DEFAULT_BACKLOG_BYTES, "bytes (at least 1024)");
        long grace = number(setting, GRACE_SETTING, DEFAULT_CUT_GRACE.toMillis(),
                "milliseconds (0 to " + MAX_CUT_GRACE.toMillis() + ")");
        try {
            return new ClientLimits(backlog, Duration.ofMillis(grace), timer);
        } catch (IllegalArgumentException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    private static long number(Function<String, String> setting, String name, long fallback, String unit) {
        String value = setting.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of " + unit + ": " + value);
        }
    }
}
