package dev.gatehouse.core.model;

import java.time.Instant;

/**
 * One token of a connection as the admin sees it: never the secret or its hash. {@code revokedAt} in
 * the future is the end of a rotation's grace period; {@code replaced} says a rotation superseded it.
 */
public record TokenInfo(String tokenPrefix, String createdBy, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt, Instant revokedAt, boolean replaced, boolean valid) {
}
