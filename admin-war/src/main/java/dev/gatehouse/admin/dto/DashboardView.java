package dev.gatehouse.admin.dto;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.statistics.CallStatistics;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dashboard on the wire: the figures of {@link CallStatistics}, durations in milliseconds, every
 * registered server with its calls of the range ({@code health} {@code idle} when it had none) and this node's
 * circuit state for it, and the work waiting for an admin.
 */
public record DashboardView(Instant from, Instant to, String step, long stepSeconds, CallStatistics.Totals totals,
                            List<CallStatistics.Bucket> series, Latency latency, List<CallStatistics.ToolCount> tools,
                            List<CallStatistics.Ranked> hosts, List<CallStatistics.Ranked> users,
                            List<Server> servers, long pendingApprovals, long quarantinedTools) {

    public record Latency(long samples, Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {
    }

    public record Server(String id, String slug, String name, boolean enabled, long calls, long failures,
                         Instant lastSuccess, Instant lastFailure, String health, String circuit) {
    }

    public static DashboardView of(CallStatistics s, List<UpstreamServer> registered,
                                   Function<String, CircuitBreaker.State> circuit, long pendingApprovals,
                                   long quarantinedTools) {
        Map<String, CallStatistics.ServerCalls> calls = s.servers().stream()
                .collect(Collectors.toMap(CallStatistics.ServerCalls::server, c -> c));
        List<Server> servers = registered.stream().map(u -> {
            CallStatistics.ServerCalls c = calls.get(u.slug());
            return new Server(u.id(), u.slug(), u.name(), u.enabled(), c == null ? 0 : c.calls(), c == null ? 0 : c.failures(),
                    c == null ? null : c.lastSuccess(), c == null ? null : c.lastFailure(), c == null ? "idle" : c.health(),
                    circuit.apply(u.id()).name().toLowerCase(Locale.ROOT));
        }).toList();
        CallStatistics.Latency l = s.latency();
        return new DashboardView(s.range().from(), s.range().to(), s.range().step().toString(), s.range().step().toSeconds(),
                s.totals(), s.series(), new Latency(l.samples(), ms(l.p50Micros()), ms(l.p95Micros()), ms(l.p99Micros()),
                ms(l.maxMicros())), s.tools(), s.hosts(), s.users(), servers, pendingApprovals, quarantinedTools);
    }

    private static Double ms(Long micros) {
        return micros == null ? null : micros / 1000.0;
    }
}
