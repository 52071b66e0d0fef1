package dev.gatehouse.core.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tokens are stored only as SHA-256 digests of the whole token. The secret part carries 190 random
 * bits, so a fast hash is enough (no password stretching needed) and stays cheap per request.
 * Comparison is constant-time.
 */
public final class TokenHasher {
    private TokenHasher() {
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** True when {@code token} hashes to {@code storedHash}, in time independent of where they differ. */
    public static boolean matches(String token, String storedHash) {
        byte[] expected = hash(token).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = storedHash == null ? new byte[0] : storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
