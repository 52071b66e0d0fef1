package dev.gatehouse.gateway.mcp;

import java.util.Locale;

/**
 * Which reply forms a client's {@code Accept} header allows (RFC 9110 section 12.5.1): JSON, an event
 * stream, or both. Wildcards count, a q-value of 0 excludes.
 */
public record AcceptedTypes(boolean json, boolean eventStream) {
    public static AcceptedTypes parse(String header) {
        if (header == null) {
            return new AcceptedTypes(false, false);
        }
        boolean json = false;
        boolean stream = false;
        for (String range : header.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            if (excluded(parts)) {
                continue;
            }
            json |= type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
            stream |= type.equals("text/event-stream") || type.equals("text/*") || type.equals("*/*");
        }
        return new AcceptedTypes(json, stream);
    }

    private static boolean excluded(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean any() {
        return json || eventStream;
    }
}
