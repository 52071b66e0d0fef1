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

    /**
     * No valid token (401). {@code tokenPublicId} is known when the token was well-formed; {@code owner}
     * when it was genuine but is no longer good (revoked, expired, switched off, another gateway's audience),
     * for the audit record only.
     */
    record Refused(AuthFailure reason, String tokenPublicId, TokenGrant owner) implements AuthDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        public Refused(AuthFailure reason, String tokenPublicId) {
            this(reason, tokenPublicId, null);
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
