package dev.gatehouse.core.limits;

import java.time.Duration;
import java.util.Objects;

/** The rate limiter's answer: a permit to proceed (released when the call ends), or a refusal. */
public sealed interface Acquisition {
    /** Proceed; {@link #close()} when the call has ended, so its concurrency slots are freed. Idempotent. */
    non-sealed interface Permit extends Acquisition, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Refused by {@code limitName}'s bound {@code bound} ({@code per_second}, {@code per_minute},
     * {@code concurrent}); worth retrying after {@code retryAfter}.
     */
    record Limited(String limitId, String limitName, String bound, Duration retryAfter) implements Acquisition {
        public Limited {
            Objects.requireNonNull(limitName, "limitName");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** Whole seconds for a {@code Retry-After} header (RFC 9110 section 10.2.3), at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
