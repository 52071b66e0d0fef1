package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What of a tool's definition an admin approves: its name, title, description, input and output schemas
 * and annotations (MCP "Tools", {@code Tool}), in a canonical form (members sorted at every level) so
 * that the same definition always hashes the same, whatever order an upstream writes it in.
 * {@code _meta} and unknown members are left out: they do not change what the model is told.
 */
public final class ToolFingerprint {
    static final List<String> REVIEWED = List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ToolFingerprint() {
    }

    /** The reviewed members of a tool definition, canonical. */
    public static ObjectNode canonical(JsonNode tool) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String member : REVIEWED) {
            JsonNode value = tool.get(member);
            if (value != null && !value.isNull()) {
                out.set(member, sorted(value));
            }
        }
        return out;
    }

    /** SHA-256 (hex) of the canonical definition's JSON. */
    public static String hash(JsonNode canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The canonical definition printed one member per line, for a readable diff. */
    public static String pretty(JsonNode canonical) {
        try {
            return PRETTY.writeValueAsString(canonical);
        } catch (Exception e) {
            return canonical.toString();
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            names.forEach(n -> out.set(n, sorted(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }
}
