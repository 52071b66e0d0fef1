package dev.gatehouse.gateway.auth;

import java.util.Objects;

/** What a request offers as its bearer token: one usable token, or the reason there is none. */
public sealed interface TokenResolution {
    /** Exactly one token, in the {@code Authorization} header. */
    record Presented(String token) implements TokenResolution {
        public Presented {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Presented[***]";
        }
    }

    /** No usable token; the reason goes to the audit log. */
    record Unusable(AuthFailure reason) implements TokenResolution {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
