package dev.gatehouse.core.text;

/**
 * Text safe to put in a log line: carriage return, line feed and tab become {@code \r}, {@code \n},
 * {@code \t}, and every other control character (C0, DEL, C1), line and paragraph separator and
 * bidirectional control becomes {@code \}{@code uXXXX}. A value a client chose (a grant type, a client
 * name, a tool name) then cannot start a forged line ("{@code \nSEVERE: ...}") or reorder what a reader
 * sees. The launcher's log formatter applies it to every record; code that interpolates a client's
 * value into a message applies it too, so the line holds on WildFly and Payara, whose formatters we do
 * not own.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code value}'s text with control characters escaped; {@code "null"} for null. */
    public static String safe(Object value) {
        String s = String.valueOf(value);
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * What went wrong, for a log line that must say more than an exception's class: each exception of the
     * cause chain as {@code Class: message}, joined by {@code "; caused by "}, escaped. Callers on paths
     * that fail on every request during an outage log this at WARNING and the stack trace at DEBUG.
     */
    public static String cause(Throwable error) {
        StringBuilder out = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 5; depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return safe(out);
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || DisplayText.isBidiControl(c);
    }
}
