package dev.gatehouse.core.oauth;

import java.util.Objects;

/**
 * A checked authorization request (OAuth 2.1 section 4.1.1 with PKCE and RFC 8707 {@code resource}):
 * everything the consent page shows and the code will be bound to.
 *
 * @param resource    the gateway's URL exactly as the client sent it
 * @param gatewaySlug the gateway that URL names
 */
public record AuthorizationRequest(OAuthClient client, String redirectUri, String state, String codeChallenge,
                                   String resource, String gatewaySlug, String gatewayName, String scope) {
    public AuthorizationRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(gatewaySlug, "gatewaySlug");
        Objects.requireNonNull(scope, "scope");
    }
}
