package dev.gatehouse.core.token;

import java.util.Objects;

/**
 * A token whose shape and checksum are valid: worth one indexed database lookup by public id.
 * {@link #toString()} never shows the secret.
 */
public record ParsedToken(String publicId, String value) {
    public ParsedToken {
        Objects.requireNonNull(publicId, "publicId");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "ParsedToken[" + publicId + "]";
    }
}
