package dev.gatehouse.core.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The API access token's shape: {@code gth_} + 8-character public id + {@code _} + 32-character
 * base62 secret (190 bits) + 6-character base62 CRC32 checksum of everything before it.
 * <p>
 * The distinct prefix lets secret scanners recognise a leaked Gatehouse token; the checksum lets the
 * gateway (and scanners) reject typos and random strings without touching the database; the public id
 * is the indexed lookup key, so the secret itself is only ever compared as a hash.
 */
public final class ApiTokenFormat {
    public static final String PREFIX = "gth_";
    public static final int PUBLIC_ID_LENGTH = 8;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + PUBLIC_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

    private static final int PUBLIC_ID_START = PREFIX.length();
    private static final int SEPARATOR = PUBLIC_ID_START + PUBLIC_ID_LENGTH;
    private static final int SECRET_START = SEPARATOR + 1;
    private static final int CHECKSUM_START = SECRET_START + SECRET_LENGTH;

    private final SecureRandom random;

    public ApiTokenFormat(SecureRandom random) {
        this.random = random;
    }

    public ApiTokenFormat() {
        this(new SecureRandom());
    }

    /** A new public id, for callers that must retry on the (unlikely) collision. */
    public String newPublicId() {
        return Base62.random(random, PUBLIC_ID_LENGTH);
    }

    /** A fresh token for the given public id. */
    public String newToken(String publicId) {
        if (publicId.length() != PUBLIC_ID_LENGTH || !Base62.allBase62(publicId, 0, publicId.length())) {
            throw new IllegalArgumentException("public id must be " + PUBLIC_ID_LENGTH + " base62 characters");
        }
        String body = PREFIX + publicId + "_" + Base62.random(random, SECRET_LENGTH);
        return body + checksum(body, 0, body.length());
    }

    /**
     * The token if it has exactly the right shape and checksum; empty otherwise. Runs in time linear
     * in the input and never throws, whatever the input.
     */
    public static Optional<ParsedToken> parse(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)
                || candidate.charAt(SEPARATOR) != '_'
                || !Base62.allBase62(candidate, PUBLIC_ID_START, SEPARATOR)
                || !Base62.allBase62(candidate, SECRET_START, LENGTH)) {
            return Optional.empty();
        }
        String expected = checksum(candidate, 0, CHECKSUM_START);
        if (!expected.regionMatches(0, candidate, CHECKSUM_START, CHECKSUM_LENGTH)) {
            return Optional.empty();
        }
        return Optional.of(new ParsedToken(candidate.substring(PUBLIC_ID_START, SEPARATOR), candidate));
    }

    /** The part of a token that is safe to show again: prefix and public id. */
    public static String displayPrefix(String publicId) {
        return PREFIX + publicId + "_";
    }

    static String checksum(String s, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(s.substring(from, to).getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}
