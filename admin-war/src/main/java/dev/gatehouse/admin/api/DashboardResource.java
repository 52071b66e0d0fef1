package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.DashboardView;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.statistics.AuditStatistics;
import dev.gatehouse.core.statistics.StatisticsRange;
import dev.gatehouse.core.store.GatewayCatalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /api/dashboard?from=…&to=…&step=…}: the tool calls of a time range as the database aggregates
 * them from the audit log (totals, a series per step, latency percentiles, the most called tools, the
 * busiest hosts and users, each server's calls and health), with the work waiting for an admin. {@code from}
 * and {@code to} are ISO-8601 instants with an offset or {@code Z} (default: the 24 hours up to now);
 * {@code step} an ISO-8601 duration such as {@code PT5M} (default: a round step giving at most 60 points).
 * Needs {@code logs:read}: the figures are a reading of the audit trail.
 */
final class DashboardResource {
    static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    private final AuditStatistics statistics;
    private final GatewayCatalog catalog;
    private final CircuitBreaker circuits;
    private final WaitingWork waiting;
    private final Clock clock;

    DashboardResource(AuditStatistics statistics, GatewayCatalog catalog, CircuitBreaker circuits, WaitingWork waiting,
                      Clock clock) {
        this.statistics = statistics;
        this.catalog = catalog;
        this.circuits = circuits;
        this.waiting = waiting;
        this.clock = clock;
    }

    Reply get(ApiRequest request) {
        return request.query().then(this::range).reply(range -> Reply.ok(DashboardView.of(statistics.of(range),
                catalog.servers(), circuits::state, waiting.pendingApprovals(), waiting.quarantinedTools())));
    }

    private Result<StatisticsRange> range(QueryString params) {
        Instant to = instant(params, "to").orElse(clock.instant());
        Instant from = instant(params, "from").orElse(to.minus(DEFAULT_SPAN));
        Duration step = step(params);
        if (step != null && from.isBefore(to) && step.compareTo(Duration.between(from, to)) > 0) {
            // one bucket longer than the range would chart calls from outside the range asked for
            params.fail("step", "must not be longer than the range from 'from' to 'to' (" + Duration.between(from, to) + ")");
        }
        Optional<Problem> problem = params.problem();
        if (problem.isPresent()) {
            return Result.failed(problem.get());
        }
        try {
            return Result.ok(step == null ? StatisticsRange.of(from, to) : new StatisticsRange(from, to, step));
        } catch (IllegalArgumentException e) {
            return Result.failed(Problem.badRequest(e.getMessage())); // written to be shown
        }
    }

    private static Optional<Instant> instant(QueryString params, String name) {
        String text = params.value(name);
        if (text == null) {
            return Optional.empty();
        }
        Optional<Instant> parsed = Instants.parse(text);
        if (parsed.isEmpty()) {
            params.fail(name, "must be an ISO-8601 instant with an offset, such as 2030-01-31T12:00:00Z or 2030-01-31T13:00:00+01:00");
        }
        return parsed;
    }

    private static Duration step(QueryString params) {
        String text = params.value("step");
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return params.fail("step", "must be an ISO-8601 duration such as PT5M or PT1H");
        }
    }
}
