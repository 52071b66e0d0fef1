package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * A connection on the wire after its creation: the token's public prefix only, never the token.
 * {@code status} says whether its current token would be accepted now ({@code active}) or why not
 * ({@code revoked}, {@code expired}, {@code disabled}, {@code host_disabled}); {@code previousTokenValidUntil}
 * is set while a rotated-out token is still in its grace period.
 */
public record ConnectionView(String id, String hostId, String gateway, String gatewayUrl, String tokenPrefix,
                             String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                             boolean disabled, String status, Instant previousTokenValidUntil) {
}
