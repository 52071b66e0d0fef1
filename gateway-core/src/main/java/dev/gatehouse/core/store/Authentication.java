package dev.gatehouse.core.store;

import dev.gatehouse.core.model.TokenGrant;

/** The answer to "is this token good right now?": a grant, or a refusal with a reason kept for the audit log only. */
public sealed interface Authentication {
    /** The token is valid as of this request. */
    record Granted(TokenGrant grant) implements Authentication {
    }

    /**
     * The token is not valid; the reason is recorded, never shown to the client. {@code owner} is what the
     * token belonged to (host, user, gateway) when it was genuine but is no longer good (revoked, expired,
     * switched off), so the refusal is attributed to them; null for unknown tokens and wrong secrets.
     */
    record Refused(Reason reason, String tokenPublicId, TokenGrant owner) implements Authentication {
        public Refused(Reason reason, String tokenPublicId) {
            this(reason, tokenPublicId, null);
        }
    }

    /** Why a token was refused. */
    enum Reason { MISSING, MALFORMED, UNKNOWN, WRONG_SECRET, REVOKED, EXPIRED, CONNECTION_DISABLED, HOST_DISABLED }
}
