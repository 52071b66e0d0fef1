package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the gateway slug from a request path {@code /mcp/{slug}} (within the context). The slug must
 * be exactly one segment in the slug alphabet; anything else names no gateway.
 */
public final class GatewayPath {
    public static final String MCP_PREFIX = "/mcp/";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private GatewayPath() {
    }

    /** The path within the context, as sent (not decoded). */
    public static String withinContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** The slug of {@code /mcp/{slug}}, if the path has exactly that shape. */
    public static Optional<String> slug(HttpServletRequest request) {
        return slugAfter(withinContext(request), MCP_PREFIX);
    }

    /** The slug following {@code prefix} in {@code path}, if the rest is exactly one slug. */
    public static Optional<String> slugAfter(String path, String prefix) {
        if (path == null || !path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        return SLUG.matcher(rest).matches() ? Optional.of(rest) : Optional.empty();
    }
}
