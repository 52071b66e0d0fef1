package dev.gatehouse.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * CORS for browser-based MCP clients (the Inspector): discovery documents, registration, token and
 * revocation endpoints and the MCP endpoint may be called from any origin, without cookies (every
 * credential here is a bearer token or none, so {@code *} gives a page nothing it could not send itself).
 * Preflights are answered here, before the bearer gate, since they never carry a token. The MCP
 * endpoint's own Origin check (DNS rebinding) still applies to the actual request.
 */
public final class CorsFilter extends HttpFilter {
    static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID";
    /** Headers a page's script may read: the challenge (for discovery) and the session headers. */
    static final String EXPOSE_HEADERS = "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getHeader("Origin") == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (!preflight) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
    }
}
