package dev.gatehouse.core.rules;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Rewrites the matched spans of one string as a rule's action says, leaving the rest of the string as
 * it was. Hashes are HMAC-SHA-256 under a key every node shares, so the same value hashes the same on
 * every call and node, and cannot be recovered or guessed without the key.
 */
final class Rewriter {
    /** 96 bits of the MAC: equal values compare equal, collisions stay out of reach. */
    private static final int HASH_CHARS = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    Rewriter(byte[] hashKey) {
        if (hashKey == null || hashKey.length < 16) {
            throw new IllegalArgumentException("the rule hash key must have at least 128 bits");
        }
        this.key = new SecretKeySpec(hashKey.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** {@code text} with each span (sorted, not overlapping) rewritten by {@code action}. */
    String rewrite(String text, List<Span> spans, RuleAction action) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int at = 0;
        for (Span span : spans) {
            out.append(text, at, span.start());
            String match = text.substring(span.start(), span.end());
            if (action instanceof RuleAction.Redact) {
                out.append("[REDACTED:").append(span.detector()).append(']');
            } else if (action instanceof RuleAction.Replace r) {
                out.append(r.text());
            } else if (action instanceof RuleAction.Mask m) {
                int keep = Math.min(m.keepLast(), match.length());
                out.append("*".repeat(match.length() - keep)).append(match, match.length() - keep, match.length());
            } else if (action instanceof RuleAction.Hash) {
                out.append("[HMAC:").append(hash(match)).append(']');
            } else {
                out.append(match);
            }
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    String hash(String value) {
        byte[] mac = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac).substring(0, HASH_CHARS);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** One matched span {@code [start, end)} and the detector that found it. */
    record Span(int start, int end, String detector) {
    }
}
