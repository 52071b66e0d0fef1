package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.CallView;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.calls.CallCursor;
import dev.gatehouse.core.calls.CallLog;
import dev.gatehouse.core.calls.CallQuery;
import dev.gatehouse.core.model.Outcome;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/calls}: the audit log read as calls, one row per {@code tools/call} (its records merged by
 * correlation id), newest first or by duration, filtered and searched ({@code q}), in pages that continue from
 * {@code cursor} (the {@code next} of the page before) however deep the reader goes. Needs {@code logs:read}.
 */
final class CallsResource {
    private final CallLog calls;

    CallsResource(CallLog calls) {
        this.calls = calls;
    }

    Reply list(ApiRequest request) {
        return request.query().then(CallsResource::read).reply(q -> {
            CallLog.Page page = calls.page(q);
            return Reply.ok(new CallView.Page(page.calls().stream().map(CallView::of).toList(),
                    page.next() == null ? null : page.next().encode()));
        });
    }

    private static Result<CallQuery> read(QueryString params) {
        Outcome outcome = LogsResource.wire(params, "outcome", Outcome.values(), Outcome::wireName);
        Instant from = LogsResource.instant(params, "from");
        Instant to = LogsResource.instant(params, "to");
        int limit = LogsResource.limit(params, CallQuery.DEFAULT_LIMIT, CallQuery.MAX_LIMIT);
        String sortText = params.value("sort");
        CallQuery.Sort sort = sortText == null || sortText.equals("time") ? CallQuery.Sort.TIME
                : sortText.equals("duration") ? CallQuery.Sort.DURATION : params.fail("sort", "must be one of: time, duration");
        String order = params.value("order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            params.fail("order", "must be one of: asc, desc");
        }
        String cursorText = params.value("cursor");
        CallCursor cursor = cursorText == null ? null : CallCursor.decode(cursorText)
                .orElseGet(() -> params.fail("cursor", "is not a cursor this API gave (use the 'next' of a page)"));
        String gateway = params.value("gateway");
        String server = params.value("server");
        String tool = params.value("tool");
        String host = params.value("host");
        String user = params.value("user");
        String text = params.value("q");
        Optional<Problem> problem = params.problem();
        if (problem.isPresent()) {
            return Result.failed(problem.get());
        }
        try {
            return Result.ok(new CallQuery(gateway, server, tool, host, user, outcome, from, to, text,
                    sort == null ? CallQuery.Sort.TIME : sort, "asc".equals(order), cursor, limit));
        } catch (IllegalArgumentException e) {
            return Result.failed(Problem.badRequest(e.getMessage())); // written to be shown
        }
    }
}
