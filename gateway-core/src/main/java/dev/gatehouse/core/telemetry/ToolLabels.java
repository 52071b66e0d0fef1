package dev.gatehouse.core.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tool names become label values: none unless the admin allows it ({@code metrics-tool-labels}), then
 * the first {@code max} distinct names this node sees, and {@link Labels#OTHER} for every name after them,
 * so a server that renames its tools all day cannot grow the metrics without bound.
 */
final class ToolLabels {
    private final boolean enabled;
    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    ToolLabels(boolean enabled, int max) {
        this.enabled = enabled;
        this.max = max;
    }

    boolean enabled() {
        return enabled;
    }

    /** The label value for a tool, or null when tools are not labelled (or the message named none). */
    String of(String tool) {
        if (!enabled || tool == null) {
            return null;
        }
        if (seen.contains(tool)) {
            return tool;
        }
        if (seen.size() >= max) {
            return Labels.OTHER;
        }
        seen.add(tool); // a race may admit a few past max: still bounded
        return tool;
    }
}
