package dev.gatehouse.launcher.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret every request to the bridge must present ({@code Authorization: Bearer <secret>}): the admin
 * registers that header as the upstream server's credential in Gatehouse. Only its SHA-256 is kept, and a
 * presented value is compared digest to digest in constant time, so neither its content nor its length leaks
 * through timing. It is never logged ({@link #toString()} hides it).
 */
public final class BridgeSecret {
    /** A secret read from a file shorter than this is refused: it would be guessable. */
    public static final int MIN_LENGTH = 32;
    private static final String BEARER = "Bearer ";

    private final byte[] digest;

    private BridgeSecret(String secret) {
        this.digest = sha256(secret);
    }

    /** A fresh secret of 256 random bits (43 base64url characters); the caller prints it once. */
    public static Generated generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Generated(new BridgeSecret(secret), secret);
    }

    /** The secret in {@code file} (surrounding whitespace and a final newline ignored). */
    public static BridgeSecret read(Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + file + ": " + e.getMessage());
        }
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the secret in " + file + " has " + secret.length()
                    + " characters; at least " + MIN_LENGTH + " are needed");
        }
        if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the secret in " + file + " must be printable ASCII without spaces");
        }
        return new BridgeSecret(secret);
    }

    /** True when the {@code Authorization} header value is {@code Bearer <this secret>}; constant time. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BridgeSecret[***]";
    }

    /** A generated secret and its text, to show the operator once. */
    public record Generated(BridgeSecret secret, String text) {
        @Override
        public String toString() {
            return "Generated[***]";
        }
    }
}
