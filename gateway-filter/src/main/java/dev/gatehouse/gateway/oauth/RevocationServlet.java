package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/**
 * Token revocation (RFC 7009) at {@code /oauth/revoke}: 200 whether or not the token was known
 * (section 2.2), so the endpoint tells nobody which tokens exist.
 */
public final class RevocationServlet extends HttpServlet {
    private static final String ENDPOINT = "revocation";
    private transient Gatehouse runtime;
    private transient OAuthAudit audit;

    @Override
    public void init() {
        runtime = GatehouseRuntimeListener.runtime(getServletContext());
        audit = new OAuthAudit(runtime);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            TokenServlet.FormParameters form = TokenServlet.FormParameters.of(request);
            runtime.oauth().revoke(form.required("token"), form.optional("client_id"))
                    .ifPresent(token -> audit.revoked(request, token));
            OAuthReply.json(response, 200, Map.of());
        } catch (OAuthProblem p) {
            OAuthReply.problem(response, ENDPOINT, p);
        } catch (RuntimeException e) {
            OAuthReply.unavailable(response, ENDPOINT, e);
        }
    }
}
