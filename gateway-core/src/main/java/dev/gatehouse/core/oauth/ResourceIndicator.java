package dev.gatehouse.core.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a resource indicator (RFC 8707): the absolute URL of a gateway's MCP endpoint, which names the
 * gateway in its last segments ({@code …/mcp/{slug}}). Whether the URL's origin and context path are
 * this server's is for the web layer, which knows how it is reached.
 */
public final class ResourceIndicator {
    private static final Pattern GATEWAY_PATH = Pattern.compile(".*/mcp/([a-z0-9][a-z0-9-]{0,63})");

    private ResourceIndicator() {
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
