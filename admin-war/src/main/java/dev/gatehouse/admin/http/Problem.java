package dev.gatehouse.admin.http;

import java.util.Map;
import java.util.Objects;

/**
 * An error reply in the RFC 9457 ({@code application/problem+json}) vocabulary: the one shape every
 * admin API failure takes. {@code detail} is always written for the caller by this code base, never
 * an exception message, so it cannot leak internals or secrets.
 */
public record Problem(String type, String title, int status, String detail, Map<String, String> headers)
        implements Reply {
    /** Type of problems that mean no more than their HTTP status (RFC 9457 section 4.2.1). */
    public static final String BLANK = "about:blank";
    public static final String INVALID_REQUEST = "urn:gatehouse:problem:invalid-request";
    public static final String MISSING_CAPABILITY = "urn:gatehouse:problem:missing-capability";
    public static final String CONFLICT = "urn:gatehouse:problem:conflict";
    /** A password check refused during the sign-in guard's wait (a sign-in, or a user's own password change). */
    public static final String SIGN_IN_WAIT = "urn:gatehouse:problem:sign-in-wait";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        headers = Map.copyOf(headers);
    }

    /** {@code 429} with {@code Retry-After}: too many wrong passwords ({@code what}), wait {@code seconds}. */
    public static Problem signInWait(String what, long seconds) {
        return new Problem(SIGN_IN_WAIT, "Too Many Requests", 429, "too many " + what + ": try again in " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    public static Problem badRequest(String detail) {
        return new Problem(INVALID_REQUEST, "Invalid request", 400, detail, Map.of());
    }

    public static Problem unauthorized(String detail) {
        return new Problem(BLANK, "Unauthorized", 401, detail, Map.of());
    }

    public static Problem missingCapability(String detail) {
        return new Problem(MISSING_CAPABILITY, "Missing capability", 403, detail, Map.of());
    }

    public static Problem notFound(String detail) {
        return new Problem(BLANK, "Not Found", 404, detail, Map.of());
    }

    public static Problem methodNotAllowed(String method, String allowed) {
        return new Problem(BLANK, "Method Not Allowed", 405, "method " + method + " is not allowed here",
                Map.of("Allow", allowed));
    }

    public static Problem conflict(String detail) {
        return new Problem(CONFLICT, "Conflict", 409, detail, Map.of());
    }

    /** The caller's {@code If-Match} names a revision that is no longer the stored one (RFC 9110 section 13.1.1). */
    public static Problem preconditionFailed(String detail) {
        return new Problem(CONFLICT, "Precondition Failed", 412, detail, Map.of());
    }

    public static Problem tooLarge(long limit) {
        return new Problem(BLANK, "Content Too Large", 413, "the request body must be at most " + limit + " bytes",
                Map.of("Connection", "close")); // the rest of the body is never read
    }

    public static Problem unsupportedMediaType() {
        return new Problem(BLANK, "Unsupported Media Type", 415, "the request body must be application/json (UTF-8)",
                Map.of());
    }

    public static Problem serverError() {
        return new Problem(BLANK, "Internal Server Error", 500, "the request could not be completed", Map.of());
    }

    public static Problem unavailable(String detail) {
        return new Problem(BLANK, "Service Unavailable", 503, detail, Map.of());
    }

    /** A problem that only restates a status the container produced (error pages). */
    public static Problem ofStatus(int status) {
        return switch (status) {
            case 400 -> new Problem(BLANK, "Bad Request", 400, "the request could not be understood", Map.of());
            case 401 -> unauthorized("authentication is required");
            case 403 -> new Problem(BLANK, "Forbidden", 403, "access is not allowed", Map.of());
            case 404 -> notFound("no such resource");
            case 405 -> new Problem(BLANK, "Method Not Allowed", 405, "method not allowed", Map.of());
            case 413 -> new Problem(BLANK, "Content Too Large", 413, "the request is too large", Map.of());
            case 415 -> unsupportedMediaType();
            case 503 -> unavailable("the service is not available");
            default -> status >= 400 && status < 500
                    ? new Problem(BLANK, "Client Error", status, "the request was refused", Map.of())
                    : new Problem(BLANK, "Server Error", status >= 500 && status < 600 ? status : 500,
                    "the request could not be completed", Map.of());
        };
    }
}
