package dev.gatehouse.gateway.mcp;

import java.util.Locale;
import java.util.Optional;

/**
 * MCP messages are UTF-8 (MCP "Transports": JSON-RPC messages MUST be UTF-8 encoded; RFC 8259 section 8.1
 * for JSON exchanged between systems). A {@code Content-Type} naming another charset, or a body in UTF-16 or
 * UTF-32 (which a JSON parser would otherwise detect and accept), is refused: rules, audit and upstreams all
 * read the message as UTF-8, so a second encoding would be a second way for the same message to look
 * different to each of them. {@code charset=utf-8} is accepted in any case, quoted or not.
 */
final class Utf8Only {
    private Utf8Only() {
    }

    /** The charset a {@code Content-Type} names when it is not UTF-8; empty when absent or UTF-8. */
    static Optional<String> foreignCharset(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                continue;
            }
            String value = parameter.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.toLowerCase(Locale.ROOT).equals("utf-8")) {
                // named back to the client: only a label's own characters, and not at any length
                String label = value.replaceAll("[^A-Za-z0-9._:+-]", "?");
                return Optional.of(label.length() > 40 ? label.substring(0, 40) + "..." : label);
            }
        }
        return Optional.empty();
    }

    /**
     * The encoding of a body that is not UTF-8 JSON: a UTF-16 or UTF-32 byte order mark, or (without one) a NUL
     * among the first four bytes, which UTF-8 JSON never has there since a JSON text starts with ASCII
     * (RFC 4627 section 3). Empty for anything else, including a UTF-8 byte order mark, which RFC 8259 lets
     * a parser ignore.
     */
    static Optional<String> foreignEncoding(byte[] body) {
        int b0 = at(body, 0), b1 = at(body, 1), b2 = at(body, 2), b3 = at(body, 3);
        if (b0 == 0x00 && b1 == 0x00 && b2 == 0xFE && b3 == 0xFF || b0 == 0xFF && b1 == 0xFE && b2 == 0x00 && b3 == 0x00) {
            return Optional.of("UTF-32");
        }
        if (b0 == 0xFE && b1 == 0xFF || b0 == 0xFF && b1 == 0xFE) {
            return Optional.of("UTF-16");
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return Optional.of(b0 == 0 && b1 == 0 || b2 == 0 && b3 == 0 ? "UTF-32" : "UTF-16");
            }
        }
        return Optional.empty();
    }

    private static int at(byte[] body, int i) {
        return i < body.length ? body[i] & 0xFF : -1;
    }
}
