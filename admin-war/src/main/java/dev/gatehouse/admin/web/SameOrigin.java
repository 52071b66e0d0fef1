package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser sent from another site, whatever credentials they
 * carry (a browser may replay cached Basic credentials as readily as a cookie). Browsers label their
 * requests with {@code Sec-Fetch-Site} (Fetch Metadata) and {@code Origin} (RFC 6454); command-line
 * clients send neither and are not affected. An {@code Origin} must match the host the request was
 * sent to, or the configured public base URL behind a proxy.
 */
final class SameOrigin {
    /** Methods that change nothing (RFC 9110 section 9.2.1). */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Optional<String> publicOrigin;

    SameOrigin(Optional<String> publicBaseUrl) {
        this.publicOrigin = publicBaseUrl.map(SameOrigin::originOf);
    }

    /** The check for this deployment, trusting its configured public base URL as well. */
    static SameOrigin of(ServletContext context) {
        Object settings = context.getAttribute(AdminSettings.ATTRIBUTE);
        return new SameOrigin(settings instanceof AdminSettings s ? s.publicBaseUrl() : Optional.empty());
    }

    static boolean isSafe(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod());
    }

    /** True when a browser says this request came from another site or origin. */
    boolean isCrossOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String normalised = originOf(origin);
        return !normalised.equals(originOf(request.getScheme() + "://" + request.getHeader("Host")))
                && !publicOrigin.map(normalised::equals).orElse(false);
    }

    /** {@code scheme://host[:port]} in lower case with default ports left out; {@code null} origins stay foreign. */
    static String originOf(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "opaque:" + url;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return "opaque:" + url;
        }
    }
}
