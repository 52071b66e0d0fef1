package dev.gatehouse.core.oauth;

import java.util.List;

/**
 * What a client asks for in a Dynamic Client Registration request (RFC 7591 section 2), or what its
 * metadata document says; only the members Gatehouse acts on.
 */
public record ClientRegistration(String clientName, List<String> redirectUris, List<String> grantTypes,
                                 List<String> responseTypes, String tokenEndpointAuthMethod) {
    public ClientRegistration {
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
        responseTypes = responseTypes == null ? List.of() : List.copyOf(responseTypes);
    }
}
