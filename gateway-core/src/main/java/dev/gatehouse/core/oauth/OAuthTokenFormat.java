package dev.gatehouse.core.oauth;

import dev.gatehouse.core.token.Base62;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Opaque OAuth tokens and codes: a kind prefix ({@code gho_} access, {@code ghr_} refresh, {@code ghc_}
 * authorization code) + 40 base62 characters (238 random bits). Stored only as their SHA-256, like API
 * tokens (TokenHasher); the first 8 random characters are a public id safe for logs and the console.
 * Distinct prefixes let secret scanners and the gateway tell them from API tokens ({@code gth_}).
 */
public final class OAuthTokenFormat {
    public static final String ACCESS_PREFIX = "gho_";
    public static final String REFRESH_PREFIX = "ghr_";
    public static final String CODE_PREFIX = "ghc_";
    static final int RANDOM_LENGTH = 40;
    static final int PUBLIC_ID_LENGTH = 8;

    private final SecureRandom random;

    public OAuthTokenFormat(SecureRandom random) {
        this.random = random;
    }

    public OAuthTokenFormat() {
        this(new SecureRandom());
    }

    public String newValue(String prefix) {
        return prefix + Base62.random(random, RANDOM_LENGTH);
    }

    /** A value of the given kind and exact shape, else empty; never throws, linear in the input. */
    public static Optional<String> parse(String candidate, String prefix) {
        if (candidate == null || candidate.length() != prefix.length() + RANDOM_LENGTH || !candidate.startsWith(prefix)) {
            return Optional.empty();
        }
        for (int i = prefix.length(); i < candidate.length(); i++) {
            if (!Base62.isBase62(candidate.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(candidate);
    }

    /** The part of a token that may be logged: its prefix and first 8 random characters. */
    public static String publicId(String value) {
        return value.substring(0, Math.min(value.length(), ACCESS_PREFIX.length() + PUBLIC_ID_LENGTH));
    }

}
