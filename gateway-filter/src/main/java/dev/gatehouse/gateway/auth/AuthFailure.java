package dev.gatehouse.gateway.auth;

import dev.gatehouse.core.store.Authentication;

/**
 * Why a request was refused at the gate; recorded as the audit detail, never shown to the client
 * (every 401 looks the same, so a caller learns nothing about which tokens exist).
 */
public enum AuthFailure {
    /** No {@code Authorization} header. */
    MISSING,
    /** An {@code Authorization} header of another scheme, or empty. */
    NOT_BEARER,
    /** More than one {@code Authorization} header. */
    MULTIPLE_AUTHORIZATION_HEADERS,
    /** A token in the query string (RFC 6750 section 2.3): refused even next to a good header. */
    QUERY_PARAMETER,
    /** Not a Gatehouse token: wrong shape or checksum (refused without a database query). */
    MALFORMED,
    UNKNOWN,
    WRONG_SECRET,
    REVOKED,
    EXPIRED,
    CONNECTION_DISABLED,
    HOST_DISABLED,
    /** A valid token of another gateway. */
    WRONG_GATEWAY,
    /** A valid OAuth access token bound (RFC 8707) to another gateway: 401, so the client authorizes for this one. */
    WRONG_AUDIENCE;

    static AuthFailure of(Authentication.Reason reason) {
        return switch (reason) {
            case MISSING -> MISSING;
            case MALFORMED -> MALFORMED;
            case UNKNOWN -> UNKNOWN;
            case WRONG_SECRET -> WRONG_SECRET;
            case REVOKED -> REVOKED;
            case EXPIRED -> EXPIRED;
            case CONNECTION_DISABLED -> CONNECTION_DISABLED;
            case HOST_DISABLED -> HOST_DISABLED;
        };
    }

    /** True when the client offered a bearer token (RFC 6750 section 3.1: only then an error code is sent). */
    boolean tokenPresented() {
        return this != MISSING && this != NOT_BEARER;
    }
}
