package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The pairing of one host with one gateway. Its tokens are valid only while it exists, so deleting
 * it is the revocation.
 */
public record Connection(String id, String hostId, String gatewaySlug, String createdBy, Instant createdAt,
                         String tokenPrefix, Instant tokenExpiresAt, Instant lastUsedAt, boolean disabled) {
    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(gatewaySlug, "gatewaySlug");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
