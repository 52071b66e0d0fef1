package dev.gatehouse.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the fields of a JSON object that collects every type error instead of stopping at
 * the first, so a handler reads all its fields and then asks once whether the input was acceptable.
 * Absent and {@code null} fields read as {@code null}; unknown fields are ignored. Checks of content
 * (required, length, format) stay with the core's {@code Validate}, so the wording is the same
 * everywhere.
 */
public final class JsonFields {
    private final ObjectNode object;
    private final String prefix;
    private final List<String> errors;

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
        return node.textValue();
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
                items.add(new JsonFields((ObjectNode) item, prefix + name + "[" + i + "].", errors));
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
            items.add(node.get(i).asText());
        }
        return items;
    }

    /** Records a content error found by the caller, under this reader's field naming. */
    public <T> T fail(String name, String message) {
        errors.add("'" + prefix + name + "' " + message);
        return null;
    }

    /** The problem describing every error found so far, if any. */
    public Optional<Problem> problem() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(Problem.badRequest(String.join("; ", errors)));
    }

    private JsonNode present(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }
}
