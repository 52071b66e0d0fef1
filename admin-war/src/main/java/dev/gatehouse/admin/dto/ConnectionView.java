package dev.gatehouse.admin.dto;

import java.time.Instant;

/** A connection on the wire after its creation: the token's public prefix only, never the token. */
public record ConnectionView(String id, String hostId, String gateway, String gatewayUrl, String tokenPrefix,
                             String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                             boolean disabled) {
}
