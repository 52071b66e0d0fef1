package dev.gatehouse.core.identity;

/**
 * How Gatehouse is the OAuth client of one upstream: the authorization server's endpoints and the client id
 * (and secret, for a confidential client) it uses there, with its redirect URI and how it authenticates.
 */
public record OAuthClientConfig(AuthorizationServerInfo server, String clientId, String clientSecret,
                                String redirectUri, boolean registered, ClientAuthMethod authMethod) {
    public OAuthClientConfig {
        authMethod = authMethod == null ? ClientAuthMethod.stored(null, clientSecret) : authMethod;
    }

    /** A client whose method follows from its secret: Basic with one, none without. */
    public OAuthClientConfig(AuthorizationServerInfo server, String clientId, String clientSecret, String redirectUri,
                             boolean registered) {
        this(server, clientId, clientSecret, redirectUri, registered, null);
    }

    @Override
    public String toString() {
        return "OAuthClientConfig[" + clientId + " at " + server.issuer() + "]";
    }
}
