package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The pairing of one host with one gateway. Its tokens are valid only while it exists, so deleting
 * it is the revocation. The token fields describe the current (newest) token; {@code lastUsedAt} is
 * the latest use of any of its tokens, and {@code previousTokenValidUntil} is set while a rotated-out
 * token is still in its grace period.
 */
public record Connection(String id, String hostId, String gatewaySlug, String createdBy, Instant createdAt,
                         String tokenPrefix, Instant tokenExpiresAt, Instant lastUsedAt, boolean disabled,
                         ConnectionStatus status, Instant previousTokenValidUntil) {
    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(gatewaySlug, "gatewaySlug");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }
}
