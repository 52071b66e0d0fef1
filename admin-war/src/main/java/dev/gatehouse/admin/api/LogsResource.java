package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.audit.AuditCursor;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.TokenInfo;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.text.SearchText;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/logs}: audit records newest first, filtered by query parameters ({@code host} matches a
 * host id or name; {@code connection} matches every token the connection has had; {@code user} matches
 * the user who generated the token or the admin who acted; {@code from} inclusive, {@code to} exclusive;
 * {@code limit} 1 to 1000, default 100). Pages go on by keyset: {@code cursor} (any record's {@code cursor}) lists
 * the records beyond it, {@code order=asc} lists them oldest first (the page before, read backwards, or with no
 * cursor the oldest page), so a reader walks 5,000 records or 5 million equally fast. A malformed filter is
 * refused rather than ignored, so a reader never mistakes an unfiltered list for a filtered one. Needs
 * {@code logs:read}.
 * <p>
 * {@code GET /api/logs/export}: the same filters, every match (up to {@value #MAX_EXPORT_ROWS}, or
 * {@code limit}) streamed as CSV or JSON Lines ({@code format}); needs {@code logs:export} and is
 * audited, since it takes the audit trail out of Gatehouse.
 */
final class LogsResource {
    static final int MAX_EXPORT_ROWS = 100_000;

    private final AuditLog audit;
    private final ConnectionRegistry connections;
    private final AdminActions actions;
    private final Clock clock;

    LogsResource(AuditLog audit, ConnectionRegistry connections, AdminActions actions, Clock clock) {
        this.audit = audit;
        this.connections = connections;
        this.actions = actions;
        this.clock = clock;
    }

    Reply list(ApiRequest request) {
        return request.query().then(params -> Filters.read(params, AuditQuery.DEFAULT_LIMIT, AuditQuery.MAX_LIMIT))
                .then(this::resolve)
                .reply(f -> Reply.ok(audit.page(f.query(), f.after(), f.oldestFirst()).stream().map(Views::logEntry)
                        .toList()));
    }

    Reply export(ApiRequest request) {
        return request.query().then(LogsResource::exportRequest)
                .then(e -> resolve(e.filters()).map(f -> new Export(e.format(), f)))
                .reply(e -> new Reply.Download(e.format().mediaType(), e.format().fileName(clock.instant()),
                        out -> {
                            e.format().writeHeader(out);
                            long count;
                            try {
                                count = audit.scan(e.filters().query(), e.filters().rows(),
                                        record -> e.format().write(Views.logEntry(record), out));
                            } catch (UncheckedIOException failure) {
                                throw failure.getCause(); // the client went away
                            }
                            actions.succeeded(request, "logs.exported: " + e.format().wireName() + ", " + count
                                    + " records", 200, details -> details);
                        }));
    }

    /**
     * The filters of a logs request: the audit query, the connection to scope it to (resolved later,
     * since that needs the store), how many rows are wanted (beyond the query's own cap for exports), and where a
     * listed page starts (an export always writes every match, newest first).
     */
    private record Filters(AuditQuery query, String connection, int rows, AuditCursor after, boolean oldestFirst) {
        static Result<Filters> read(QueryString params, int defaultLimit, int maxLimit) {
            String host = params.value("host");
            String connection = params.value("connection");
            String gateway = params.value("gateway");
            String server = params.value("server");
            String tool = params.value("tool");
            String method = params.value("method");
            Outcome outcome = wire(params, "outcome", Outcome.values(), Outcome::wireName);
            AuditKind kind = wire(params, "kind", AuditKind.values(), AuditKind::wireName);
            String user = params.value("user");
            String correlationId = params.value("correlationId");
            String text = params.value("q");
            if (text != null && text.length() > SearchText.MAX) {
                params.fail("q", "may be at most " + SearchText.MAX + " characters");
            }
            Instant from = instant(params, "from");
            Instant to = instant(params, "to");
            int rows = limit(params, defaultLimit, maxLimit);
            String cursorText = params.value("cursor");
            AuditCursor after = cursorText == null ? null : AuditCursor.decode(cursorText).orElseGet(
                    () -> params.fail("cursor", "is not a cursor this API gave (use a record's 'cursor')"));
            String order = params.value("order");
            if (order != null && !order.equals("asc") && !order.equals("desc")) {
                params.fail("order", "must be one of: asc, desc");
            }
            if (from != null && to != null && !from.isBefore(to)) {
                params.fail("from", "must be before 'to'");
            }
            Optional<Problem> problem = params.problem();
            return problem.<Result<Filters>>map(Result::failed).orElseGet(() -> Result.ok(new Filters(
                    new AuditQuery(null, gateway, server, tool, method, outcome, kind, user, correlationId, from, to,
                            rows, host, null, text), connection, rows, after, "asc".equals(order))));
        }

        Filters scopedTo(List<String> tokenPublicIds) {
            AuditQuery q = query;
            return new Filters(new AuditQuery(q.hostId(), q.gateway(), q.server(), q.tool(), q.method(), q.outcome(),
                    q.kind(), q.user(), q.correlationId(), q.from(), q.to(), q.limit(), q.host(), tokenPublicIds, q.text()),
                    connection, rows, after, oldestFirst);
        }
    }

    /** An export request: the format and the filters. */
    private record Export(LogExport format, Filters filters) {
    }

    private static Result<Export> exportRequest(QueryString params) {
        String formatText = params.value("format");
        LogExport format = formatText == null ? params.fail("format", "is required: csv or jsonl")
                : LogExport.fromWire(formatText).orElseGet(() -> params.fail("format", "must be one of: csv, jsonl"));
        return Filters.read(params, MAX_EXPORT_ROWS, MAX_EXPORT_ROWS).map(f -> new Export(format, f));
    }

    /** Scopes the filters to every token the named connection has had (404 for no such connection). */
    private Result<Filters> resolve(Filters filters) {
        if (filters.connection() == null) {
            return Result.ok(filters);
        }
        return Stores.attempt(() -> connections.tokens(filters.connection())).map(tokens -> filters.scopedTo(
                tokens.stream().map(TokenInfo::tokenPrefix).map(ConnectionsResource::publicId)
                        .filter(Objects::nonNull).toList()));
    }

    static <E> E wire(QueryString params, String name, E[] values, Function<E, String> wireName) {
        String text = params.value(name);
        if (text == null) {
            return null;
        }
        return Arrays.stream(values).filter(v -> wireName.apply(v).equalsIgnoreCase(text)).findFirst()
                .orElseGet(() -> params.fail(name, "must be one of: "
                        + Arrays.stream(values).map(wireName).collect(Collectors.joining(", "))));
    }

    static Instant instant(QueryString params, String name) {
        String text = params.value(name);
        return text == null ? null : Instants.parse(text)
                .orElseGet(() -> params.fail(name, "must be an ISO-8601 instant such as 2030-01-31T12:00:00Z"));
    }

    static int limit(QueryString params, int defaultLimit, int maxLimit) {
        String text = params.value("limit");
        if (text == null) {
            return defaultLimit;
        }
        if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > maxLimit) {
            params.fail("limit", "must be a whole number from 1 to " + maxLimit);
            return defaultLimit;
        }
        return Integer.parseInt(text);
    }
}
