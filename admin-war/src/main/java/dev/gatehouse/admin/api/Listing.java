package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.text.SearchText;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The search, sort and paging parameters every catalogue list takes ({@code q}, {@code sort} with {@code -} for
 * descending, {@code limit} 1 to {@value #MAX_LIMIT}, {@code offset}), read into a {@link ListQuery} the store
 * applies in the database. Without {@code limit} the list is whole, as it always was: a client written before
 * paging never gets a silently cut list. The reply stays the bare JSON array it always was; the
 * total matching goes in {@code X-Total-Count} and the next page, when there is one, in {@code Link: rel="next"}.
 * Any other parameter, or a bad value, is refused (400) naming it, so a misspelt filter never lists everything.
 */
final class Listing {
    static final int MAX_LIMIT = 1000;
    private static final int MAX_OFFSET = 10_000_000;
    /** No {@code limit}: every item from the offset on (offset plus this stays within an int for the database). */
    private static final int WHOLE = Integer.MAX_VALUE - MAX_OFFSET - 1;
    private static final Set<String> PARAMETERS = Set.of("q", "sort", "limit", "offset");

    private Listing() {
    }

    /** The list query of {@code request}, refusing unknown parameters and sorts not in {@code sorts}. */
    static Result<ListQuery> read(ApiRequest request, Set<String> sorts) {
        return request.query().then(params -> {
            params.refuseOthers(PARAMETERS);
            String text = params.value("q");
            if (text != null && text.length() > SearchText.MAX) {
                params.fail("q", "may be at most " + SearchText.MAX + " characters");
            }
            String sortText = params.value("sort");
            boolean descending = sortText != null && sortText.startsWith("-");
            String sort = sortText == null ? null : descending ? sortText.substring(1) : sortText;
            if (sort != null && !sorts.contains(sort)) {
                params.fail("sort", "must be one of: " + String.join(", ", new TreeSet<>(sorts))
                        + " (with a leading '-' for descending)");
            }
            int limit = LogsResource.limit(params, WHOLE, MAX_LIMIT);
            int offset = offset(params);
            return params.problem().<Result<ListQuery>>map(Result::failed)
                    .orElseGet(() -> Result.ok(new ListQuery(text, sort, descending, limit, offset)));
        });
    }

    /** The page's items as the bare array, with the total and the next page's link as headers. */
    static Reply reply(ApiRequest request, ListQuery query, Page<?> page, List<?> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Long.toString(page.total()));
        long next = (long) query.offset() + page.items().size();
        if (!page.items().isEmpty() && next < page.total()) {
            headers.put("Link", "<" + request.servletRequest().getRequestURI() + "?" + queryString(query, next)
                    + ">; rel=\"next\"");
        }
        return new Reply.Json(200, body, headers);
    }

    private static String queryString(ListQuery query, long offset) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.text() != null) {
            params.put("q", query.text());
        }
        if (query.sort() != null) {
            params.put("sort", (query.descending() ? "-" : "") + query.sort());
        }
        params.put("limit", Integer.toString(query.limit()));
        params.put("offset", Long.toString(offset));
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static int offset(QueryString params) {
        String text = params.value("offset");
        if (text == null) {
            return 0;
        }
        if (!text.matches("[0-9]{1,8}") || Integer.parseInt(text) > MAX_OFFSET) {
            params.fail("offset", "must be a whole number from 0 to " + MAX_OFFSET);
            return 0;
        }
        return Integer.parseInt(text);
    }
}
