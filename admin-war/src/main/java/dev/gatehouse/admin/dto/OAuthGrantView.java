package dev.gatehouse.admin.dto;

import java.time.Instant;

/** A user's consent for one interactive client on one gateway, as the API shows it. */
public record OAuthGrantView(String id, String user, String clientId, String clientName, String hostId, String hostName,
                             String connectionId, String gateway, String scope, Instant createdAt, boolean active,
                             Instant revokedAt, String revokedBy) {
}
