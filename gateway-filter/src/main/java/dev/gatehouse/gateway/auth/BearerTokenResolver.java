package dev.gatehouse.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Finds the bearer token a request offers (RFC 6750 section 2). */
public interface BearerTokenResolver {
    TokenResolution resolve(HttpServletRequest request);
}
