package dev.gatehouse.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accepts a token only from exactly one {@code Authorization: Bearer <token>} header (RFC 6750
 * section 2.1). The scheme name is matched case-insensitively, as RFC 9110 section 11.1 says of every
 * auth-scheme. A token in the URI query ({@code access_token}, RFC 6750 section 2.3) is refused
 * outright: URLs end up in logs and browser history. Form-encoded bodies are never read here.
 */
public final class HeaderBearerTokenResolver implements BearerTokenResolver {
    /** RFC 6750 b64token after the scheme and at least one space. */
    private static final Pattern BEARER = Pattern.compile("Bearer +([A-Za-z0-9._~+/-]+=*) *", Pattern.CASE_INSENSITIVE);
    private static final String QUERY_TOKEN = "access_token";

    @Override
    public TokenResolution resolve(HttpServletRequest request) {
        if (hasQueryToken(request.getQueryString())) {
            return new TokenResolution.Unusable(AuthFailure.QUERY_PARAMETER);
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.isEmpty()) {
            return new TokenResolution.Unusable(AuthFailure.MISSING);
        }
        if (headers.size() > 1) {
            return new TokenResolution.Unusable(AuthFailure.MULTIPLE_AUTHORIZATION_HEADERS);
        }
        String value = headers.get(0).strip();
        Matcher m = BEARER.matcher(value);
        if (m.matches()) {
            return new TokenResolution.Presented(m.group(1));
        }
        boolean bearerScheme = value.toLowerCase(Locale.ROOT).startsWith("bearer")
                && (value.length() == 6 || value.charAt(6) == ' ');
        return new TokenResolution.Unusable(bearerScheme ? AuthFailure.MALFORMED : AuthFailure.NOT_BEARER);
    }

    /** True when a query parameter is named {@code access_token}, in any percent-encoding. */
    static boolean hasQueryToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (QUERY_TOKEN.equals(decode(name))) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
