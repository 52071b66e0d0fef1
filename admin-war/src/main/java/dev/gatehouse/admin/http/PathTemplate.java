package dev.gatehouse.admin.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path such as {@code /hosts/{id}/connections}: literal segments match exactly, {@code {name}}
 * segments match one non-empty segment and are captured. Nothing else (no wildcards, no regular
 * expressions), so matching is obvious and linear.
 */
public final class PathTemplate {
    private final String text;
    private final List<String> segments;

    public PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + text);
        }
        this.text = text;
        this.segments = List.of(text.substring(1).split("/", -1));
    }

    /** The captured segments if the path matches. */
    public Optional<Map<String, String>> match(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> captured = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String want = segments.get(i);
            if (want.startsWith("{") && want.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                captured.put(want.substring(1, want.length() - 1), parts[i]);
            } else if (!want.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(captured);
    }

    @Override
    public String toString() {
        return text;
    }
}
