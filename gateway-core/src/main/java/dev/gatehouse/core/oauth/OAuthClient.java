package dev.gatehouse.core.oauth;

import java.util.List;
import java.util.Objects;

/**
 * A client known to the authorization server: registered dynamically, or described by its metadata
 * document. {@code hostId} is its interactive host, once a user approved a first connection.
 */
public record OAuthClient(String clientId, Kind kind, String name, List<String> redirectUris, String hostId) {
    public enum Kind { REGISTERED, METADATA }

    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        redirectUris = List.copyOf(redirectUris);
    }
}
