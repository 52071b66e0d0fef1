package dev.gatehouse.core.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Objects;
import java.util.Optional;

/**
 * A JSON value the gateway passes through without interpreting it ({@code params}, {@code result}).
 * It offers read-only look-ups for the few members the gateway does read (a tool name, a progress
 * token, {@code isError}); the wire bytes themselves are forwarded as received.
 */
public final class RawJson {
    /** The value of an absent member. */
    public static final RawJson ABSENT = new RawJson(MissingNode.getInstance());

    private final JsonNode node;

    private RawJson(JsonNode node) {
        this.node = node;
    }

    static RawJson of(JsonNode node) {
        return node == null || node.isMissingNode() ? ABSENT : new RawJson(node);
    }

    /** A copy of the value as a tree, for the few places that rewrite a message (names, ids, tokens). */
    public JsonNode tree() {
        return node.deepCopy();
    }

    /** The value as JSON text, written from the tree already read (no copy, no second parse). */
    public String json() {
        return node.toString();
    }

    public boolean present() {
        return !node.isMissingNode();
    }

    /** The string at the given member path, if there is one. */
    public Optional<String> text(String... path) {
        JsonNode n = at(path);
        return n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
    }

    /** True when the member at the path is a JSON object. */
    public boolean isObject(String... path) {
        return at(path).isObject();
    }

    /** A copy of the member at the path (missing when there is none): only that part is copied. */
    public JsonNode copyAt(String... path) {
        return at(path).deepCopy();
    }

    /** True only when the member at the path is the JSON literal {@code true}. */
    public boolean isTrue(String... path) {
        JsonNode n = at(path);
        return n.isBoolean() && n.booleanValue();
    }

    /** True when the path leads to any value, including {@code null}. */
    public boolean has(String... path) {
        return !at(path).isMissingNode();
    }

    private JsonNode at(String... path) {
        JsonNode n = node;
        for (String member : path) {
            n = n.path(member);
        }
        return n;
    }

    /** The value as compact JSON text. */
    @Override
    public String toString() {
        return present() ? node.toString() : "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson other && node.equals(other.node);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(node);
    }
}
