package dev.gatehouse.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of one server's items (tools, prompts or resources) a gateway publishes: all of them, only the
 * selected ones (by upstream name; for resources by URI or URI template), or none. Lists show only what
 * is allowed; anything else is refused when called.
 */
public record Exposure(Mode mode, Set<String> selected) {
    public static final Exposure ALL = new Exposure(Mode.ALL, Set.of());
    public static final Exposure NONE = new Exposure(Mode.NONE, Set.of());
    /** Characters the selected names may take together, one line each: the width of their stored column. */
    public static final int MAX_STORED_CHARS = 8000;

    public enum Mode {
        ALL, SELECTED, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode fromWire(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    public Exposure {
        Objects.requireNonNull(mode, "mode");
        selected = mode == Mode.SELECTED ? Set.copyOf(selected) : Set.of();
    }

    public static Exposure selected(Set<String> names) {
        return new Exposure(Mode.SELECTED, names);
    }

    /** True when the item with this upstream name (or URI) is published. */
    public boolean allows(String name) {
        return switch (mode) {
            case ALL -> true;
            case NONE -> false;
            case SELECTED -> name != null && (selected.contains(name)
                    || selected.stream().anyMatch(s -> s.contains("{") && matchesTemplate(s, name)));
        };
    }

    /** True for a URI an RFC 6570 template could expand to (each expression matches a non-empty run). */
    public static boolean matchesTemplate(String template, String uri) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                return false;
            }
            regex.append(Pattern.quote(template.substring(i, open)));
            char op = close > open + 1 ? template.charAt(open + 1) : ' ';
            regex.append(op == '+' || op == '#' ? ".+" : "[^/?#]+");
            i = close + 1;
        }
        return Pattern.matches(regex.toString(), uri);
    }
}
