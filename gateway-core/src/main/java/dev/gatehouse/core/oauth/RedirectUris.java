package dev.gatehouse.core.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs a client may register and how a presented one is matched (OAuth 2.1 section
 * 2.3.1 and 4.1.3, RFC 8252 sections 7.1 and 7.3): exact string match, except that a loopback
 * redirect ({@code http://127.0.0.1}, {@code http://[::1]}, {@code http://localhost}) matches on any
 * port, because native clients pick a free port each run. Private-use schemes ({@code cursor://},
 * {@code vscode://}) are allowed; schemes that run or read content in the browser are refused.
 */
public final class RedirectUris {
    /** Schemes that would execute or expose content instead of handing a code to a client. */
    private static final Set<String> REFUSED_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "blob", "about");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");
    private static final int MAX_LENGTH = 2000;

    private RedirectUris() {
    }

    /** Why {@code uri} cannot be registered, or empty when it can. */
    public static Optional<String> problemWith(String uri) {
        if (uri == null || uri.isBlank()) {
            return Optional.of("a redirect URI is empty");
        }
        if (uri.length() > MAX_LENGTH) {
            return Optional.of("a redirect URI is longer than " + MAX_LENGTH + " characters");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("a redirect URI is not a URI");
        }
        String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !parsed.isAbsolute()) {
            return Optional.of("a redirect URI must be absolute");
        }
        if (REFUSED_SCHEMES.contains(scheme)) {
            return Optional.of("redirect URIs with the scheme '" + scheme + "' are refused");
        }
        if (parsed.getRawFragment() != null) {
            return Optional.of("a redirect URI must not have a fragment");
        }
        if (scheme.equals("http") && !isLoopback(parsed)) {
            return Optional.of("plain http redirect URIs are allowed only on loopback (127.0.0.1, [::1], localhost)");
        }
        if ((scheme.equals("http") || scheme.equals("https")) && (parsed.getHost() == null || parsed.getRawUserInfo() != null)) {
            return Optional.of("an http(s) redirect URI needs a host and no user information");
        }
        return Optional.empty();
    }

    /** True when {@code presented} is one of {@code registered}, exactly or as a loopback URI on another port. */
    public static boolean matches(List<String> registered, String presented) {
        if (presented == null) {
            return false;
        }
        for (String r : registered) {
            if (r.equals(presented) || loopbackMatch(r, presented)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopbackMatch(String registered, String presented) {
        try {
            URI r = new URI(registered);
            URI p = new URI(presented);
            return isLoopback(r) && isLoopback(p) && "http".equalsIgnoreCase(p.getScheme())
                    && r.getScheme().equalsIgnoreCase(p.getScheme())
                    && r.getHost().equalsIgnoreCase(p.getHost())
                    && p.getRawUserInfo() == null && p.getRawFragment() == null
                    && same(r.getRawPath(), p.getRawPath()) && same(r.getRawQuery(), p.getRawQuery());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * True for a plain-http loopback redirect URI (a native app on the user's own machine): sending an
     * error back there cannot take the browser to someone else's site (RFC 8252 section 7.3).
     */
    public static boolean isLoopbackHttp(String uri) {
        try {
            URI u = new URI(uri);
            return "http".equalsIgnoreCase(u.getScheme()) && isLoopback(u) && u.getRawUserInfo() == null;
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    static boolean isLoopback(URI uri) {
        return uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private static boolean same(String a, String b) {
        return (a == null ? "" : a).equals(b == null ? "" : b);
    }
}
