package dev.gatehouse.core.statistics;

import java.time.Instant;
import java.util.List;

/**
 * What the audit log says about the tool calls of a time range, computed by the database (SQL aggregates):
 * the dashboard's figures. A call is a {@code tools/call} that ended in the range: completed (its
 * {@code call_completed} record) or refused before it was sent (its {@code denied} record).
 *
 * @param totals  the range's calls, errors, refusals, throttled calls and refused credentials
 * @param series  one bucket per step of the range, empty ones included, oldest first
 * @param latency percentiles of the completed calls' durations (as the client saw them)
 * @param tools   the most called tools, most calls first
 * @param hosts   the hosts with the most calls
 * @param users   the users whose tokens made the most calls
 * @param servers per upstream server with calls in the range: its calls, failures and when it last worked and failed
 */
public record CallStatistics(StatisticsRange range, Totals totals, List<Bucket> series, Latency latency,
                             List<ToolCount> tools, List<Ranked> hosts, List<Ranked> users, List<ServerCalls> servers) {
    public CallStatistics {
        series = List.copyOf(series);
        tools = List.copyOf(tools);
        hosts = List.copyOf(hosts);
        users = List.copyOf(users);
        servers = List.copyOf(servers);
    }

    /**
     * @param calls        completed and refused calls
     * @param errors       completed calls whose outcome is neither success nor cancelled (error, upstream error,
     *                     timeout, revoked, rejected)
     * @param refused      calls refused before they were sent (allow-list, rules, quarantine, rate limits, approval)
     * @param throttled    calls a rate limit refused (counted in {@code refused} too)
     * @param authFailures requests refused for their credential (401/403 of the gate); past the refusal throttle
     *                     one record stands for many, so this counts records
     */
    public record Totals(long calls, long errors, long refused, long throttled, long authFailures) {
    }

    public record Bucket(Instant start, long calls, long errors, long refused) {
    }

    /** Durations in microseconds; each percentile is a duration that occurred (nearest rank); null without calls. */
    public record Latency(long samples, Long p50Micros, Long p95Micros, Long p99Micros, Long maxMicros) {
    }

    public record ToolCount(String gateway, String tool, long calls, long errors) {
    }

    /** A host (id and name) or a user (name twice), with its calls and errors. */
    public record Ranked(String id, String name, long calls, long errors) {
    }

    /**
     * @param failures calls the server did not answer (upstream error, timeout)
     */
    public record ServerCalls(String server, long calls, long failures, Instant lastSuccess, Instant lastFailure) {
        /** {@code failing} when its last call failed, {@code degraded} when some did, else {@code ok}. */
        public String health() {
            if (lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess))) {
                return "failing";
            }
            return failures > 0 ? "degraded" : "ok";
        }
    }
}
