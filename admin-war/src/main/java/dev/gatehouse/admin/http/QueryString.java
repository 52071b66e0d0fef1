package dev.gatehouse.admin.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of a request, decoded from the raw query string. Parsed here rather than
 * through {@code getParameter}, which may consume a form body, and so that malformed escapes and
 * repeated filters are refused instead of guessed at. Reading values collects errors, as
 * {@link JsonFields} does for bodies.
 */
public final class QueryString {
    private final Map<String, List<String>> values;
    private final List<String> errors = new ArrayList<>();

    private QueryString(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Result<QueryString> parse(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return Result.ok(new QueryString(values));
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            try {
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                if (controlIn(key) || controlIn(value)) {
                    // no filter holds one, and PostgreSQL refuses a NUL in a text parameter (answered as an outage)
                    return Result.failed(Problem.badRequest("the query string holds a control character"));
                }
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                return Result.failed(Problem.badRequest("the query string is not correctly encoded"));
            }
        }
        return Result.ok(new QueryString(values));
    }

    private static boolean controlIn(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /**
     * The single value of a parameter, null when absent or blank. A repeated parameter is an error,
     * collected like those of {@link #fail}: read every parameter, then ask for {@link #problem()}.
     */
    public String value(String name) {
        List<String> found = values.getOrDefault(name, List.of());
        if (found.size() > 1) {
            return fail(name, "is given more than once");
        }
        String value = found.isEmpty() ? null : found.get(0).strip();
        return value == null || value.isEmpty() ? null : value;
    }

    /** Fails every parameter given that is not one of {@code known}: a misspelt filter must not list everything. */
    public void refuseOthers(java.util.Set<String> known) {
        values.keySet().stream().filter(name -> !known.contains(name)).sorted()
                .forEach(name -> fail(name, "is not known here (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")"));
    }

    /** Records an error about a parameter's value. */
    public <T> T fail(String name, String message) {
        errors.add("query parameter '" + name + "' " + message);
        return null;
    }

    /** The problem describing every error found so far, if any. */
    public Optional<Problem> problem() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(Problem.badRequest(String.join("; ", errors)));
    }
}
