package dev.gatehouse.core.oauth;

import java.time.Instant;

/** A user's consent for one client on one gateway, as the console lists it. */
public record ConsentGrant(String id, String user, String clientId, String clientName, String hostId, String hostName,
                           String connectionId, String gatewaySlug, String scope, Instant createdAt, Instant revokedAt,
                           String revokedBy) {
}
