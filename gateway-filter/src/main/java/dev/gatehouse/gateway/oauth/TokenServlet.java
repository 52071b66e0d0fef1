package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.oauth.IssuedTokens;
import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.oauth.OAuthTokenFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The token endpoint (OAuth 2.1 section 3.2) at {@code /oauth/token}: the authorization code grant with
 * PKCE and the refresh token grant, for public clients identified by {@code client_id}. Form-encoded
 * requests only; every parameter at most once (RFC 6749 section 3.2).
 */
public final class TokenServlet extends OAuthEndpoint {
    public TokenServlet() {
        super("token");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FormParameters form = FormParameters.of(request);
        String clientId = form.required("client_id");
        String grantType = form.required("grant_type");
        IssuedTokens tokens;
        switch (grantType) {
            case "authorization_code" -> {
                tokens = runtime.oauth().exchangeCode(clientId, form.required("code"),
                        form.required("redirect_uri"), form.required("code_verifier"), form.optional("resource"));
                audit.issued(request, tokens, null);
            }
            case "refresh_token" -> {
                String refresh = form.required("refresh_token");
                tokens = runtime.oauth().refresh(clientId, refresh, form.optional("resource"));
                audit.issued(request, tokens, OAuthTokenFormat.publicId(refresh));
            }
            default -> throw new OAuthProblem(OAuthProblem.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be authorization_code or refresh_token");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.expiresInSeconds());
        body.put("refresh_token", tokens.refreshToken());
        body.put("scope", tokens.scope());
        OAuthReply.json(response, 200, body);
    }

    /** A refresh token replayed after its grace window is worth a record of its own (its family was revoked). */
    @Override
    void refused(HttpServletRequest request, OAuthProblem p) {
        p.replayed().ifPresent(token -> audit.replayed(request, token, p.familyRevoked(), p.status()));
    }

    /** The form parameters of a token or revocation request. */
    record FormParameters(HttpServletRequest request) {
        static FormParameters of(HttpServletRequest request) {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw OAuthProblem.invalidRequest("the request must be application/x-www-form-urlencoded");
            }
            if (request.getQueryString() != null && !request.getQueryString().isEmpty()) {
                throw OAuthProblem.invalidRequest("parameters belong in the body, not the URL");
            }
            return new FormParameters(request);
        }

        String required(String name) {
            String v = optional(name);
            if (v == null) {
                throw OAuthProblem.invalidRequest(name + " is required");
            }
            return v;
        }

        String optional(String name) {
            String[] values = request.getParameterValues(name);
            if (values == null || values.length == 0 || values[0].isEmpty()) {
                return null;
            }
            if (values.length > 1) {
                throw OAuthProblem.invalidRequest(name + " is given more than once");
            }
            return values[0];
        }
    }
}
