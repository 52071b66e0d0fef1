package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes a gate refusal: status, challenge, {@code Retry-After} for 503, and the fixed JSON body. */
public final class BearerChallengeWriter {
    static final String RETRY_AFTER_SECONDS = "5";

    public void write(HttpServletResponse response, BearerError error, String metadataUrl) throws IOException {
        if (error.challenges()) {
            response.setHeader("WWW-Authenticate", error.challenge(metadataUrl));
        }
        if (error == BearerError.TEMPORARILY_UNAVAILABLE) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        JsonReply.write(response, error.status(), error.body());
    }
}
