package dev.gatehouse.core.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a resource indicator (RFC 8707): the absolute URL of a gateway's MCP endpoint, which names the
 * gateway in its last segments ({@code …/mcp/{slug}}), and tells whether it is a gateway's canonical URI
 * (MCP authorization, "canonical server URI"): same scheme, host, port and path, compared as RFC 3986
 * section 6.2.2 normalises them (case of scheme and host, default port), nothing else. The web layer
 * knows how this server is reached, so it names the canonical URI; this class only compares.
 */
public final class ResourceIndicator {
    private static final Pattern GATEWAY_PATH = Pattern.compile(".*/mcp/([a-z0-9][a-z0-9-]{0,63})");

    private ResourceIndicator() {
    }

    /**
     * True when {@code presented} is {@code canonical}: scheme and host in any case, the scheme's default
     * port written or not, the path exactly (no trailing slash, no dot segments, no escapes that differ),
     * and no user information, query or fragment. Any other origin (a look-alike host, another port, an
     * attacker's server carrying the same path) is another resource.
     */
    public static boolean isCanonical(String canonical, String presented) {
        return normalized(canonical).map(c -> normalized(presented).filter(c::equals).isPresent()).orElse(false);
    }

    private static Optional<String> normalized(String url) {
        if (url == null || url.length() > 2000) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + uri.getRawPath());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The gateway slug a resource URL names, if it is an absolute http(s) URL without query or fragment. */
    public static Optional<String> gatewaySlug(String resource) {
        if (resource == null || resource.length() > 2000) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(resource);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            Matcher m = GATEWAY_PATH.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
