package dev.gatehouse.admin.http;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers on every admin API response. Admin data (tokens, audit records, who did what) is never
 * worth caching, and a token must never be, so {@code no-store} applies to all of it rather than
 * relying on each handler to remember.
 */
final class ResponseHeaders {
    private ResponseHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }
}
