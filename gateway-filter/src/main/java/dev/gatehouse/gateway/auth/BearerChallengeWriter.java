package dev.gatehouse.gateway.auth;

import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Writes a gate refusal: status, challenge, {@code Retry-After} for 503 and 429, and the fixed JSON body. */
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

    /** A throttled request: 429, {@code Retry-After} in whole seconds (at least one), the fixed JSON body. */
    public void writeThrottled(HttpServletResponse response, java.time.Duration wait) throws IOException {
        response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        JsonReply.write(response, BearerError.TOO_MANY_REQUESTS.status(), BearerError.TOO_MANY_REQUESTS.body());
    }
}
