package dev.gatehouse.core.oauth;

import java.util.Objects;
import java.util.Optional;

/**
 * A refusal in the OAuth vocabulary (RFC 6749 section 5.2, RFC 7591 section 3.2.2, RFC 7009): the
 * error code and a description safe to show the client. Never carries a token or a secret.
 */
public final class OAuthProblem extends RuntimeException {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String INVALID_TARGET = "invalid_target";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";
    public static final String SERVER_ERROR = "server_error";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private final String error;
    private final int status;
    private final long retryAfterSeconds;
    private final TokenAttribution replayed;
    private final int familyRevoked;

    public OAuthProblem(String error, String description) {
        this(error, description, 0, 0, null, 0);
    }

    private OAuthProblem(String error, String description, int status, long retryAfterSeconds, TokenAttribution replayed,
                         int familyRevoked) {
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.replayed = replayed;
        this.familyRevoked = familyRevoked;
    }

    /**
     * A refresh token used again after it was rotated and its grace window passed: refused as
     * {@code invalid_grant}, carrying the token's attribution and how many still-valid tokens of its
     * family (its grant's tokens) were revoked because of it, so the refusal can be audited.
     */
    public static OAuthProblem refreshReplayed(TokenAttribution token, int familyRevoked) {
        return new OAuthProblem(INVALID_GRANT, "the refresh token is no longer valid", 0, 0, Objects.requireNonNull(token),
                familyRevoked);
    }

    /** Too many requests: 429 with {@code Retry-After} (the error code is RFC 6749's {@code temporarily_unavailable}). */
    public static OAuthProblem tooMany(String description, long retryAfterSeconds) {
        return new OAuthProblem(TEMPORARILY_UNAVAILABLE, description, 429, Math.max(1, retryAfterSeconds), null, 0);
    }

    /** The replayed refresh token's attribution, when this refusal is a refresh token replay. */
    public Optional<TokenAttribution> replayed() {
        return Optional.ofNullable(replayed);
    }

    /** For a refresh token replay: how many tokens of its family this refusal revoked (0 when none was left). */
    public int familyRevoked() {
        return familyRevoked;
    }

    /** Seconds a client should wait before trying again ({@code Retry-After}), or 0 when not said. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** The HTTP status a token or registration endpoint answers with (RFC 6749 section 5.2). */
    public int status() {
        if (status != 0) {
            return status;
        }
        return switch (error) {
            case INVALID_CLIENT -> 401;
            case SERVER_ERROR -> 500;
            case TEMPORARILY_UNAVAILABLE -> 503;
            default -> 400;
        };
    }

    public static OAuthProblem invalidRequest(String description) {
        return new OAuthProblem(INVALID_REQUEST, description);
    }

    public static OAuthProblem invalidGrant(String description) {
        return new OAuthProblem(INVALID_GRANT, description);
    }
}
