package dev.gatehouse.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Browser hardening on every response of the admin application, set before anything else runs so that
 * error pages and redirects carry it too. The console is static files only: scripts and styles from this
 * origin, no inline code, no framing, no plugins.
 *
 * <p>Caching splits in two. Files under {@code /assets/} change with each deployment and are revalidated
 * ({@code no-cache}, the container's validators kept). Everything else, above all the entry documents a
 * browser navigates to ({@code /}, {@code index.html}, the sign-in page), is never stored and never
 * answered 304 ({@link EntryDocument}): WildFly serves the sign-in page at {@code /gatehouse-admin/} itself,
 * so after signing in a browser that revalidated that URL got 304 for {@code index.html} (same file time)
 * and showed its cached sign-in page again.
 */
public final class SecurityHeadersFilter extends HttpFilter {
    /** Content Security Policy level 3: nothing inline, nothing from elsewhere, never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";
    private static final String ASSETS = "/assets/";
    private static final String API = "/api/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY"); // for browsers without frame-ancestors
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        String path = pathOf(request);
        if (path.startsWith(ASSETS)) {
            response.setHeader("Cache-Control", "no-cache"); // revalidate rather than serve a stale script
            chain.doFilter(request, response);
        } else if (path.startsWith(API)) {
            response.setHeader("Cache-Control", "no-store"); // the API's replies say so themselves too
            chain.doFilter(request, response);
        } else {
            response.setHeader("Cache-Control", "no-store");
            chain.doFilter(EntryDocument.unconditional(request), EntryDocument.withoutValidators(response));
        }
    }

    /** The path inside the application, as dispatched (a forward to the sign-in page is the sign-in page). */
    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }
}
