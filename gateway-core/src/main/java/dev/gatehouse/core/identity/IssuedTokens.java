package dev.gatehouse.core.identity;

import java.time.Instant;

/** An upstream token endpoint's answer: the access token, maybe a (rotated) refresh token, expiry and scope. */
public record IssuedTokens(String accessToken, String refreshToken, Instant expiresAt, String scope, String subject) {
    @Override
    public String toString() {
        return "IssuedTokens[expires " + expiresAt + ", refresh " + (refreshToken != null) + "]";
    }
}
