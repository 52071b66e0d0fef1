package dev.gatehouse.admin.dto;

import java.time.Instant;

/**
 * One token of a connection: its public prefix and lifecycle, never the secret. A {@code revokedAt} in
 * the future is the end of a rotation's grace period; {@code valid} is whether it would be accepted now
 * as far as the token itself goes (the connection's and host's switches are separate).
 */
public record TokenView(String tokenPrefix, String createdBy, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt, Instant revokedAt, boolean replaced, boolean valid) {
}
