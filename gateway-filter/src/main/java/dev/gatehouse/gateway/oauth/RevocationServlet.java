package dev.gatehouse.gateway.oauth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * Token revocation (RFC 7009) at {@code /oauth/revoke}: 200 whether or not the token was known
 * (section 2.2), so the endpoint tells nobody which tokens exist.
 */
public final class RevocationServlet extends OAuthEndpoint {
    public RevocationServlet() {
        super("revocation");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenServlet.FormParameters form = TokenServlet.FormParameters.of(request);
        runtime.oauth().revoke(form.required("token"), form.optional("client_id"))
                .ifPresent(token -> audit.revoked(request, token));
        OAuthReply.json(response, 200, Map.of());
    }
}
