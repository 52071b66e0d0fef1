package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.Locale;

/**
 * Absolute URLs the gateway advertises (its MCP endpoints, the RFC 9728 metadata), built on the
 * configured public base URL when there is one (the gateway behind a proxy), else on the request's
 * own scheme, host and port, followed by the context path.
 */
public final class PublicUrls {
    /** Where RFC 9728 places protected resource metadata, here below the context path. */
    public static final String METADATA_PREFIX = "/.well-known/oauth-protected-resource";

    private final URI configuredBase;

    public PublicUrls(URI configuredBase) {
        this.configuredBase = configuredBase;
    }

    /** {@code https://host[:port]/context}, without a trailing slash. */
    public String base(HttpServletRequest request) {
        String root = configuredBase != null ? configuredBase.toString() : origin(request);
        return root + request.getContextPath();
    }

    /** The MCP endpoint of a gateway: the protected resource's identifier. */
    public String gateway(HttpServletRequest request, String slug) {
        return base(request) + GatewayPath.MCP_PREFIX + slug;
    }

    /** The metadata document of the resource at {@code pathWithinContext} (e.g. {@code /mcp/quickstart}). */
    public String metadata(HttpServletRequest request, String pathWithinContext) {
        return base(request) + METADATA_PREFIX + pathWithinContext;
    }

    /** The origin a same-origin browser page would send: scheme, host and non-default port. */
    public String origin(HttpServletRequest request) {
        if (configuredBase != null) {
            return originOf(configuredBase);
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + host(request.getServerName()) + port(scheme, request.getServerPort());
    }

    /** The origin of an absolute URL, normalised like {@link #origin}. */
    public static String originOf(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + host(url.getHost()) + port(scheme, url.getPort());
    }

    private static String host(String name) {
        String h = name.toLowerCase(Locale.ROOT);
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private static String port(String scheme, int port) {
        boolean standard = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return standard ? "" : ":" + port;
    }
}
