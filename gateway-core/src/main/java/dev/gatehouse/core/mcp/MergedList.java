package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/** The outcome of a merged list: a result (items and the cursor of the next page), or why there is none. */
public sealed interface MergedList {
    /** @param unanswered the servers asked that did not answer (down, or their circuit open): their items are missing */
    record Page(ArrayNode items, ItemKind kind, String nextCursor, Set<String> unanswered) implements MergedList {
        public Page {
            Objects.requireNonNull(items, "items");
            unanswered = Set.copyOf(unanswered);
        }

        /** The list result, as a server would write it. */
        public byte[] resultJson() {
            ObjectNode result = OwnRequests.MAPPER.createObjectNode();
            result.set(kind.member(), items);
            if (nextCursor != null) {
                result.put("nextCursor", nextCursor);
            }
            return result.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The cursor was not one Gatehouse issued for this gateway. */
    record BadCursor() implements MergedList {
    }

    /** No server answered; {@code reply} is the first failure. */
    record Unavailable(UpstreamResponse reply) implements MergedList {
    }

    /** No server answered because every one asked has an open circuit; retry after that many seconds. */
    record Resting(long retryAfterSeconds) implements MergedList {
    }
}
