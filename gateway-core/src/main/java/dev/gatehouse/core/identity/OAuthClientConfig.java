package dev.gatehouse.core.identity;

/**
 * How Gatehouse is the OAuth client of one upstream: the authorization server's endpoints and the client id
 * (and secret, for a confidential client the admin entered) it uses there, with its redirect URI.
 */
public record OAuthClientConfig(AuthorizationServerInfo server, String clientId, String clientSecret,
                                String redirectUri, boolean registered) {
    @Override
    public String toString() {
        return "OAuthClientConfig[" + clientId + " at " + server.issuer() + "]";
    }
}
