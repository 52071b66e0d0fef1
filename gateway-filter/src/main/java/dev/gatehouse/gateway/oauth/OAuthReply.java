package dev.gatehouse.gateway.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON replies of the OAuth endpoints: {@code no-store} always (RFC 6749 section 5.1), errors as RFC 6749 section 5.2 objects. */
final class OAuthReply {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(OAuthReply.class.getName());

    private OAuthReply() {
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setHeader("Pragma", "no-cache");
        JsonReply.write(response, status, JSON.writeValueAsBytes(body));
    }

    /** The refusal as {@code {"error", "error_description"}}; logged without any token. */
    static void problem(HttpServletResponse response, String endpoint, OAuthProblem p) throws IOException {
        LOG.log(System.Logger.Level.INFO, endpoint + " refused: " + p.error() + " (" + LogText.safe(p.description()) + ")");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", p.error());
        body.put("error_description", p.description());
        if (p.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(p.retryAfterSeconds()));
        }
        if (p.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"" + p.error() + "\"");
        }
        json(response, p.status(), body);
    }

    /** A database or other failure: 503 in OAuth form, never a stack trace. */
    static void unavailable(HttpServletResponse response, String endpoint, RuntimeException e) throws IOException {
        LOG.log(System.Logger.Level.WARNING, endpoint + " failed: " + LogText.cause(e), e);
        response.setHeader("Retry-After", "5");
        problem(response, endpoint, new OAuthProblem(OAuthProblem.TEMPORARILY_UNAVAILABLE, "try again shortly"));
    }
}
