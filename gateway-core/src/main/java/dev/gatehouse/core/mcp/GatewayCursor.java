package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cursor of a merged list (MCP "Pagination"): opaque to clients, it holds for each server that has
 * more items the upstream's own cursor, keyed by server id. The next page asks only those servers.
 */
public final class GatewayCursor {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> SHAPE = new TypeReference<>() {
    };
    private static final int MAX_LENGTH = 8192;

    private GatewayCursor() {
    }

    /** Upstream cursors by server id, or empty when the client's cursor is not one Gatehouse issued. */
    public static Optional<Map<String, String>> read(String cursor) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            Map<String, String> pending = MAPPER.readValue(Base64.getUrlDecoder().decode(cursor), SHAPE);
            return pending == null || pending.isEmpty() ? Optional.empty() : Optional.of(pending);
        } catch (Exception e) { // not base64, not JSON, or not a map of strings: all mean "not ours"
            return Optional.empty();
        }
    }

    /** The cursor for the servers that have more, or null when none has. */
    public static String write(Map<String, String> pending) {
        if (pending.isEmpty()) {
            return null;
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsString(pending)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
