package dev.gatehouse.core.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A webhook rule's signing secret, in memory. It never prints itself ({@link #toString()} hides it), so a
 * rule, a detection or an exception message that includes one cannot leak it into a log. {@link #NONE}
 * stands for "remove the secret" when a rule is replaced; a rule without any key has no SigningKey at all.
 */
public final class SigningKey {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 256;
    /** An explicit "no secret" ({@code "secret": null} in a rule's JSON). */
    public static final SigningKey NONE = new SigningKey(new byte[0]);

    private final byte[] key;

    private SigningKey(byte[] key) {
        this.key = key;
    }

    /** The key as the admin typed it; empty means {@link #NONE}. */
    public static SigningKey of(String secret) {
        Objects.requireNonNull(secret, "secret");
        return secret.isEmpty() ? NONE : new SigningKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    public boolean present() {
        return key.length > 0;
    }

    /** Its length in characters, for validation. */
    public int length() {
        return new String(key, StandardCharsets.UTF_8).length();
    }

    /** The HMAC key bytes (a copy). */
    byte[] bytes() {
        return key.clone();
    }

    /** The secret itself, only to seal it for storage. */
    public String reveal() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return present() ? "SigningKey[hidden]" : "SigningKey[none]";
    }
}
