package dev.gatehouse.core.oauth;

import java.util.Objects;

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

    public OAuthProblem(String error, String description) {
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** The HTTP status a token or registration endpoint answers with (RFC 6749 section 5.2). */
    public int status() {
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
