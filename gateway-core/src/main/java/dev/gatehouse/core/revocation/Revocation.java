package dev.gatehouse.core.revocation;

import java.util.Objects;

/**
 * "These credentials are no longer valid": what every path that ends a credential raises, whatever the
 * path (docs/security.md, "What revocation cuts"). The record says why and what, for the log; which
 * open streams and calls it cuts is decided by each node re-checking the credentials it holds open
 * ({@link CredentialWatch}), so a path never has to list the tokens it ended.
 *
 * @param cause   what ended the credentials
 * @param subject what the cause acted on (a connection or host id, a user name, a token's public id), for the log
 */
public record Revocation(Cause cause, String subject) {
    public Revocation {
        Objects.requireNonNull(cause, "cause");
        if (subject != null) { // it is logged: no control characters from a caller's input
            subject = subject.replaceAll("\\p{Cntrl}", "?");
        }
    }

    /** Every way a credential ends. */
    public enum Cause {
        CONNECTION_DELETED,
        CONNECTION_DISABLED,
        HOST_DELETED,
        HOST_DISABLED,
        /** A token was rotated: the old one ends now, or at the end of its overlap ({@link #EXPIRED} then cuts). */
        TOKEN_ROTATED,
        /** Break-glass: every token one user generated. */
        TOKENS_OF_USER_REVOKED,
        /** A user was removed: their tokens, OAuth tokens and consents. */
        USER_REMOVED,
        /** An OAuth access or refresh token revoked (RFC 7009). */
        OAUTH_TOKEN_REVOKED,
        /** An OAuth grant's tokens revoked (a replayed refresh token revokes its family). */
        OAUTH_GRANT_REVOKED,
        /** A user's consent to an OAuth client withdrawn (by the user or an admin). */
        CONSENT_WITHDRAWN,
        GATEWAY_DELETED,
        /** An upstream identity deleted or disabled: calls using it stop (its owner's connections keep the others). */
        UPSTREAM_IDENTITY_ENDED,
        GATEWAY_DISABLED,
        /** A credential reached its expiry (or the end of a rotation's overlap): found by time, not raised. */
        EXPIRED
    }

    @Override
    public String toString() {
        return cause.name().toLowerCase(java.util.Locale.ROOT) + (subject == null ? "" : " " + subject);
    }
}
