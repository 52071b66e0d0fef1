package dev.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the fields of a JSON object that collects every type error instead of stopping at
 * the first, so a handler reads all its fields and then asks once whether the input was acceptable.
 * Absent and {@code null} fields read as {@code null}. A field the handler never read is unknown, and
 * {@link #problem()} refuses it (a misspelt or invented field such as {@code "isAdmin"} must not pass
 * unseen); so is a control character in any string other than tab, line feed and carriage return, and any
 * control character at all in an array item (items are names, stored one per line). Checks of content
 * (required, length, format) stay with the core's {@code Validate}, so the wording is the same everywhere.
 */
public final class JsonFields {
    private final ObjectNode object;
    private final String prefix;
    private final List<String> errors;
    /** The fields read so far; the others are unknown. */
    private final java.util.Set<String> read = new java.util.HashSet<>();
    /** Nested objects read through this one, whose unknown fields are refused with this one's. */
    private final List<JsonFields> nested = new ArrayList<>();

    public JsonFields(ObjectNode object) {
        this(object, "", new ArrayList<>());
    }

    private JsonFields(ObjectNode object, String prefix, List<String> errors) {
        this.object = object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A string field, or null. */
    public String text(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            return fail(name, "must be a string");
        }
        if (hasControl(node.textValue(), "\t\n\r")) {
            return fail(name, "must not contain control characters");
        }
        return node.textValue();
    }

    /** A nested object's fields, sharing this reader's errors; null when absent. */
    public JsonFields object(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            return fail(name, "must be an object");
        }
        JsonFields inner = new JsonFields((ObjectNode) node, prefix + name + ".", errors);
        nested.add(inner);
        return inner;
    }

    /** A field of any JSON type, read as is (payloads a handler passes on whole), or null. */
    public JsonNode node(String name) {
        return present(name);
    }

    /** A whole-number field, or null. */
    public Long wholeNumber(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            return fail(name, "must be a whole number");
        }
        return node.longValue();
    }

    /** A boolean field, or null. */
    public Boolean bool(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            return fail(name, "must be true or false");
        }
        return node.booleanValue();
    }

    /** Fails every field of the object not named in {@code known} (where a misspelt field must not pass unseen). */
    public void onlyFields(java.util.Set<String> known, String what) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                fail(name, "is not a field of " + what);
            }
            read.add(name);
        });
    }

    /** An array of objects, each with its own fields sharing this reader's errors; empty when absent. */
    public List<JsonFields> objects(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            fail(name, "must be an array of objects");
            return List.of();
        }
        List<JsonFields> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                fail(name + "[" + i + "]", "must be an object");
            } else {
                JsonFields inner = new JsonFields((ObjectNode) item, prefix + name + "[" + i + "].", errors);
                nested.add(inner);
                items.add(inner);
            }
        }
        return items;
    }

    /** An array of strings, or null when absent. */
    public List<String> texts(String name) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            return fail(name, "must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                return fail(name + "[" + i + "]", "must be a string");
            }
            if (hasControl(node.get(i).textValue(), "")) {
                return fail(name + "[" + i + "]", "must not contain control characters");
            }
            items.add(node.get(i).asText());
        }
        return items;
    }

    /** Records a content error found by the caller, under this reader's field naming. */
    public <T> T fail(String name, String message) {
        errors.add("'" + prefix + name + "' " + message);
        return null;
    }

    /** The problem describing every error found so far and every field not read, if any. */
    public Optional<Problem> problem() {
        List<String> all = new ArrayList<>(errors);
        unknown(all);
        return all.isEmpty() ? Optional.empty() : Optional.of(Problem.badRequest(String.join("; ", all)));
    }

    private void unknown(List<String> into) {
        object.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                into.add("'" + prefix + name + "' is not a known field");
            }
        });
        nested.forEach(inner -> inner.unknown(into));
    }

    private JsonNode present(String name) {
        read.add(name);
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** Whether {@code text} holds a control character (C0, DEL, C1) other than those in {@code allowed}. */
    static boolean hasControl(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && allowed.indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }
}
