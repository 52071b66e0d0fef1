package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * The reply to rotating a connection's token: the new token, shown this once, and until when the token
 * it replaced stays valid. {@link #toString()} leaves the token out.
 */
public record RotatedTokenView(String id, String hostId, String gateway, String gatewayUrl, String token,
                               String tokenPrefix, Instant expiresAt, String previousTokenPrefix,
                               Instant previousTokenValidUntil) {
    @Override
    public String toString() {
        return "RotatedTokenView[" + id + " " + tokenPrefix + "]";
    }
}
