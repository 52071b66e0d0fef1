package dev.gatehouse.core.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The form an admin-given outbound URL must have (an audit sink's, an alert webhook's): absolute {@code https}
 * (or {@code http} where private addresses are allowed: a secret would travel in clear), no credentials in it,
 * no fragment, a query only where the caller allows one. Where it may point is {@link OutboundHttp}'s check.
 */
public final class OutboundUrl {
    private OutboundUrl() {
    }

    /** What is wrong with {@code value}, in words fit to show; empty when it will do. */
    public static Optional<String> problem(String value, boolean allowPlainHttp, boolean allowQuery) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http") && allowPlainHttp) || url.getHost() == null
                || url.getRawUserInfo() != null || url.getRawFragment() != null || url.getRawQuery() != null && !allowQuery) {
            return Optional.of("an https URL without credentials" + (allowQuery ? "" : ", query") + " or fragment"
                    + (allowPlainHttp ? " (or http)" : " (http only where private addresses are allowed)"));
        }
        return Optional.empty();
    }
}
