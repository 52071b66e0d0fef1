package dev.gatehouse.core.rules;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a rule finds what it acts on. {@link Patterns} and {@link BuiltIns} look at every string value of
 * the payload (and, if the rule says so, every member name); {@link Always} matches every call the rule
 * applies to (to block a tool or require approval for it); {@link Webhook} hands the whole call to an
 * external rule engine, which decides itself.
 */
public sealed interface Detection {
    /** The wire name of the kind. */
    String kind();

    /** RE2 regular expressions (linear-time; no backreferences or look-around). */
    record Patterns(List<String> patterns) implements Detection {
        public static final int MAX_PATTERNS = 20;
        public static final int MAX_PATTERN_LENGTH = 1000;

        public Patterns {
            patterns = List.copyOf(patterns);
        }

        @Override public String kind() { return "regex"; }
    }

    /** Built-in detectors that validate what they match (checksums, check digits, decodable structure). */
    record BuiltIns(Set<BuiltInDetector> detectors) implements Detection {
        public BuiltIns {
            detectors = detectors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(detectors));
        }

        @Override public String kind() { return "builtin"; }
    }

    /** Every call the rule applies to. */
    record Always() implements Detection {
        @Override public String kind() { return "always"; }
    }

    /**
     * An external rule engine: an HTTPS POST of {@code {gateway, host, tool, hook, payload}} answered with
     * {@code pass}, {@code block} or {@code modify} (with the new payload). Within {@code timeout}; when it
     * fails, {@code failOpen} lets the call pass unchanged, otherwise it is blocked. With a
     * {@code signingKey} each request carries a {@link WebhookSignature}; null means none was given (a
     * replaced rule keeps its stored one), {@link SigningKey#NONE} that the rule signs no more.
     */
    record Webhook(URI url, Duration timeout, boolean failOpen, SigningKey signingKey) implements Detection {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
        public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

        public Webhook {
            Objects.requireNonNull(url, "url");
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        }

        /** An engine whose requests are not signed. */
        public Webhook(URI url, Duration timeout, boolean failOpen) {
            this(url, timeout, failOpen, null);
        }

        /** True when requests to the engine are signed. */
        public boolean signed() {
            return signingKey != null && signingKey.present();
        }

        /** The same engine with another key (null: none). */
        public Webhook withKey(SigningKey key) {
            return new Webhook(url, timeout, failOpen, key);
        }

        @Override public String kind() { return "webhook"; }
    }
}
