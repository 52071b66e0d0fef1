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
 * a configured one. Requests without {@code Origin} (non-browser clients) are unaffected by that rule.
 *
 * <p>A rebinding page is same-origin with the name it rebound, so the {@code Origin} check alone lets
 * {@code Host: evil.example} with {@code Origin: http://evil.example} through. Hence the {@code Host}
 * rule: a request that reached the gateway over the loopback interface must name a loopback host
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), the configured public base URL's host, or the
 * host of an allowed origin. (A reverse proxy on the same machine must then pass one of those, or the
 * public base URL must be configured.)
 */
public final class OriginPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowed;
    private final Set<String> allowedHosts;
    private final PublicUrls urls;

    public OriginPolicy(List<String> allowedOrigins, PublicUrls urls) {
        this(allowedOrigins, urls, null);
    }

    /** {@code publicBaseUrl}: the configured public URL (null when URLs follow each request). */
    public OriginPolicy(List<String> allowedOrigins, PublicUrls urls, URI publicBaseUrl) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).filter(o -> o != null)
                .collect(Collectors.toUnmodifiableSet());
        Set<String> hosts = new java.util.HashSet<>(LOOPBACK_NAMES);
        allowed.forEach(o -> hosts.add(URI.create(o).getHost().toLowerCase(Locale.ROOT)));
        if (publicBaseUrl != null && publicBaseUrl.getHost() != null) {
            hosts.add(publicBaseUrl.getHost().toLowerCase(Locale.ROOT));
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.urls = urls;
    }

    public boolean permits(HttpServletRequest request) {
        return hostPermitted(request) && originPermitted(request);
    }

    private boolean hostPermitted(HttpServletRequest request) {
        if (!isLoopback(request.getLocalAddr())) {
            return true;
        }
        String name = request.getServerName();
        return name != null && allowedHosts.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1") || address.equals("[::1]"));
    }

    private boolean originPermitted(HttpServletRequest request) {
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
