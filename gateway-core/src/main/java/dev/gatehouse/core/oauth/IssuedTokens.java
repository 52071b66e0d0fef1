package dev.gatehouse.core.oauth;

/**
 * A token response (RFC 6749 section 5.1): the only time the plain tokens exist outside the client.
 *
 * @param access          the access token's attribution for the audit log (public id, host, user, gateway)
 * @param refreshPublicId the refresh token's public id, for the audit log
 */
public record IssuedTokens(String accessToken, String refreshToken, long expiresInSeconds, String scope,
                           TokenAttribution access, String refreshPublicId) {
    @Override
    public String toString() {
        return "IssuedTokens[***, expiresIn=" + expiresInSeconds + ", scope=" + scope + "]";
    }
}
