package dev.gatehouse.core.identity;

/**
 * What Gatehouse knows of an upstream's authorization server: its endpoints (RFC 8414 / OpenID discovery),
 * the resource it protects (RFC 9728, the {@code resource} of RFC 8707) and the scopes to ask for (from the
 * 401 challenge, else the resource's {@code scopes_supported}). Null where the server offers none.
 */
public record AuthorizationServerInfo(String issuer, String authorizationEndpoint, String tokenEndpoint,
                                      String registrationEndpoint, String revocationEndpoint, String resource,
                                      String scope) {
}
