package dev.gatehouse.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorization response sent back to the client's redirect URI (OAuth 2.1 section 4.1.2): the
 * code or the error, the client's {@code state}, and {@code iss} (RFC 9207), so a client talking to
 * several authorization servers can tell which one answered (mix-up defence).
 */
final class AuthorizationRedirect {
    private AuthorizationRedirect() {
    }

    static String success(String redirectUri, String code, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", code);
        return build(redirectUri, p, state, issuer);
    }

    static String error(String redirectUri, String error, String description, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", error);
        p.put("error_description", description);
        return build(redirectUri, p, state, issuer);
    }

    private static String build(String redirectUri, Map<String, String> params, String state, String issuer) {
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        StringBuilder url = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        params.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        return url.toString();
    }
}
