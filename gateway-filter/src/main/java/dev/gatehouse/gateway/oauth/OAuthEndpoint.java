package dev.gatehouse.gateway.oauth;

import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.UnreadBody;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * An endpoint of Gatehouse's authorization server that clients POST to without a login (token,
 * revocation, registration): a refusal is answered in the OAuth error form of its RFC, anything else
 * (the database down) as 503, never a stack trace, an HTML page or a login redirect.
 */
abstract class OAuthEndpoint extends HttpServlet {
    private final String endpoint;
    transient Gatehouse runtime;
    transient OAuthAudit audit;

    /** @param endpoint the endpoint's name in logs and error replies */
    OAuthEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void init() {
        runtime = GatehouseRuntimeListener.runtime(getServletContext());
        audit = new OAuthAudit(runtime);
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            answer(request, response);
        } catch (OAuthProblem p) {
            refused(request, p);
            UnreadBody.closeAfter(request, response); // refused, perhaps before its body was read
            OAuthReply.problem(response, endpoint, p);
        } catch (RuntimeException e) {
            UnreadBody.closeAfter(request, response);
            OAuthReply.unavailable(response, endpoint, e);
        }
    }

    /** Handles one request; throws {@link OAuthProblem} to refuse it. */
    abstract void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** A refusal about to be answered; endpoints whose refusals deserve an audit record of their own record it here. */
    void refused(HttpServletRequest request, OAuthProblem problem) {
    }
}
