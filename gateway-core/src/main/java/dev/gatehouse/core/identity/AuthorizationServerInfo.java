package dev.gatehouse.core.identity;

import java.util.List;

/**
 * What Gatehouse knows of an upstream's authorization server: its endpoints (RFC 8414 / OpenID discovery),
 * the resource it protects (RFC 9728, the {@code resource} of RFC 8707), the scopes to ask for (from the
 * 401 challenge, else the resource's {@code scopes_supported}) and the client authentication methods its
 * token endpoint accepts ({@code token_endpoint_auth_methods_supported}; empty when it lists none), and whether it
 * takes a Client ID Metadata Document's URL as a client id ({@code client_id_metadata_document_supported}). Null
 * where the server offers none.
 */
public record AuthorizationServerInfo(String issuer, String authorizationEndpoint, String tokenEndpoint,
                                      String registrationEndpoint, String revocationEndpoint, String resource,
                                      String scope, List<String> tokenAuthMethods, boolean clientIdMetadataDocumentSupported) {
    public AuthorizationServerInfo {
        tokenAuthMethods = tokenAuthMethods == null ? List.of() : List.copyOf(tokenAuthMethods);
    }

    public AuthorizationServerInfo(String issuer, String authorizationEndpoint, String tokenEndpoint,
                                   String registrationEndpoint, String revocationEndpoint, String resource, String scope,
                                   List<String> tokenAuthMethods) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, revocationEndpoint, resource, scope,
                tokenAuthMethods, false);
    }

    public AuthorizationServerInfo(String issuer, String authorizationEndpoint, String tokenEndpoint,
                                   String registrationEndpoint, String revocationEndpoint, String resource, String scope) {
        this(issuer, authorizationEndpoint, tokenEndpoint, registrationEndpoint, revocationEndpoint, resource, scope, List.of(), false);
    }
}
