package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A connection after its token was rotated: the new token in plain text (this once only), and until when
 * the token it replaced stays valid (the rotation time itself when there was no grace period; null when
 * no valid token was replaced, as after a break-glass revocation).
 */
public record RotatedConnection(Connection connection, String token, String previousTokenPrefix,
                                Instant previousValidUntil) {
    public RotatedConnection {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "RotatedConnection[" + connection.id() + "]";
    }
}
