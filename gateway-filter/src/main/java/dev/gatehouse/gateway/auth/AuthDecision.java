package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.model.TokenGrant;

import java.util.Objects;

/** The gate's verdict on one request. */
public sealed interface AuthDecision {
    /** Valid for the gateway in the path. */
    record Granted(TokenGrant grant) implements AuthDecision {
        public Granted {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** No valid token (401). {@code tokenPublicId} is known when the token was well-formed. */
    record Refused(AuthFailure reason, String tokenPublicId) implements AuthDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A valid token, but of another gateway (403). */
    record Forbidden(TokenGrant grant) implements AuthDecision {
        public Forbidden {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** The token could not be checked: the database did not answer (503, never 401). */
    record Unavailable(String tokenPublicId) implements AuthDecision {
    }
}
