package dev.gatehouse.core.oauth;

/** A token response (RFC 6749 section 5.1): the only time the plain tokens exist outside the client. */
public record IssuedTokens(String accessToken, String refreshToken, long expiresInSeconds, String scope) {
    @Override
    public String toString() {
        return "IssuedTokens[***, expiresIn=" + expiresInSeconds + ", scope=" + scope + "]";
    }
}
