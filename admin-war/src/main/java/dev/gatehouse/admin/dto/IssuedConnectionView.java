package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * The reply to creating a connection: the only wire shape that carries a plain token, shown this once.
 * {@link #toString()} leaves it out, so a stray log line cannot leak it.
 */
public record IssuedConnectionView(String id, String hostId, String gateway, String gatewayUrl, String token,
                                   String tokenPrefix, String createdBy, Instant createdAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedConnectionView[" + id + " " + tokenPrefix + "]";
    }
}
