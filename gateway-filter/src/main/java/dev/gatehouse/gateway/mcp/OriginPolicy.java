package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MCP transport's defence against DNS rebinding (MCP specification, "Transports", security
 * warning): a request with an {@code Origin} header is accepted only from the gateway's own origin or
 * a configured one. Requests without {@code Origin} (non-browser clients) are unaffected.
 */
public final class OriginPolicy {
    private final Set<String> allowed;
    private final PublicUrls urls;

    public OriginPolicy(List<String> allowedOrigins, PublicUrls urls) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).filter(o -> o != null)
                .collect(Collectors.toUnmodifiableSet());
        this.urls = urls;
    }

    public boolean permits(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String o = normalise(origin);
        return o != null && (allowed.contains(o) || o.equals(urls.origin(request)));
    }

    /** {@code scheme://host[:port]} in lower case without a default port; null when not an origin. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin.strip());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    && !uri.getRawPath().equals("/")) {
                return null;
            }
            return PublicUrls.originOf(new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost(),
                    uri.getPort(), null, null, null));
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
