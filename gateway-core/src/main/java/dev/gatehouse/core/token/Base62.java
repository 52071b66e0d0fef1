package dev.gatehouse.core.token;

import java.security.SecureRandom;

/** Base62 alphabet helpers: URL-, header- and copy-paste-safe characters only. */
public final class Base62 {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    /** {@code length} characters drawn uniformly from the alphabet (rejection sampling, no modulo bias). */
    public static String random(SecureRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int b = random.nextInt() & 0xFF;
            if (b < 248) { // 248 = 4 * 62: keep the draw uniform
                out.append(ALPHABET.charAt(b % 62));
            }
        }
        return out.toString();
    }

    /** The value in base62, left-padded with '0' to exactly {@code width} characters. */
    public static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative");
        }
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        if (value != 0) {
            throw new IllegalArgumentException("does not fit in " + width + " characters");
        }
        return new String(out);
    }

    public static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean allBase62(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBase62(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
