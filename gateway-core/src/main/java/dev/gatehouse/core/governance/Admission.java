package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.limits.Acquisition;

import java.util.Objects;

/** Whether a call may be sent upstream. */
public sealed interface Admission {
    /**
     * Send it: with {@code arguments} in place of the client's when not null (rules rewrote them);
     * {@code permit} is closed when the call has ended; {@code held} when an admin approved it after a hold
     * (its credential is then checked again before it is sent: it may have ended meanwhile).
     */
    record Proceed(JsonNode arguments, Acquisition.Permit permit, boolean held) implements Admission {
        public Proceed {
            Objects.requireNonNull(permit, "permit");
        }

        public Proceed(JsonNode arguments, Acquisition.Permit permit) {
            this(arguments, permit, false);
        }
    }

    /**
     * Refuse it with {@code error} (keeping the request's id) and HTTP {@code status}: 403 for a rule, a
     * quarantined tool or a denied approval, 429 with {@code Retry-After: retryAfterSeconds} for a rate limit,
     * 503 for a held call withdrawn undecided (its error is JSON-RPC -32800: cancelled, not denied).
     */
    record Refused(int status, JsonRpcError error, Long retryAfterSeconds) implements Admission {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
