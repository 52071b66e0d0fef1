package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/logs}: audit records newest first, filtered by query parameters ({@code host} matches a
 * host id or name; {@code user} matches the user who generated the token or the admin who acted;
 * {@code from} inclusive, {@code to} exclusive; {@code limit} 1 to 1000, default 100). A malformed
 * filter is refused rather than ignored, so a reader never mistakes an unfiltered list for a filtered
 * one. Needs {@code logs:read}.
 */
final class LogsResource {
    private final AuditLog audit;

    LogsResource(AuditLog audit) {
        this.audit = audit;
    }

    Reply list(ApiRequest request) {
        return request.query().then(LogsResource::query)
                .reply(q -> Reply.ok(audit.query(q).stream().map(Views::logEntry).toList()));
    }

    static Result<AuditQuery> query(QueryString params) {
        String host = params.value("host");
        String gateway = params.value("gateway");
        String server = params.value("server");
        String tool = params.value("tool");
        String method = params.value("method");
        Outcome outcome = wire(params, "outcome", Outcome.values(), Outcome::wireName);
        AuditKind kind = wire(params, "kind", AuditKind.values(), AuditKind::wireName);
        String user = params.value("user");
        String correlationId = params.value("correlationId");
        Instant from = instant(params, "from");
        Instant to = instant(params, "to");
        int limit = limit(params);
        if (from != null && to != null && !from.isBefore(to)) {
            params.fail("from", "must be before 'to'");
        }
        Optional<Problem> problem = params.problem();
        return problem.<Result<AuditQuery>>map(Result::failed).orElseGet(() -> Result.ok(new AuditQuery(null,
                gateway, server, tool, method, outcome, kind, user, correlationId, from, to, limit, host)));
    }

    private static <E> E wire(QueryString params, String name, E[] values, Function<E, String> wireName) {
        String text = params.value(name);
        if (text == null) {
            return null;
        }
        return Arrays.stream(values).filter(v -> wireName.apply(v).equalsIgnoreCase(text)).findFirst()
                .orElseGet(() -> params.fail(name, "must be one of: "
                        + Arrays.stream(values).map(wireName).collect(Collectors.joining(", "))));
    }

    private static Instant instant(QueryString params, String name) {
        String text = params.value(name);
        return text == null ? null : Instants.parse(text)
                .orElseGet(() -> params.fail(name, "must be an ISO-8601 instant such as 2030-01-31T12:00:00Z"));
    }

    private static int limit(QueryString params) {
        String text = params.value("limit");
        if (text == null) {
            return AuditQuery.DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > AuditQuery.MAX_LIMIT) {
            params.fail("limit", "must be a whole number from 1 to " + AuditQuery.MAX_LIMIT);
            return AuditQuery.DEFAULT_LIMIT;
        }
        return Integer.parseInt(text);
    }
}
