package dev.gatehouse.core.audit;

/**
 * Values as they may appear in a log line: control characters escaped (no one can forge a line or hide
 * text from an operator with a newline or an escape sequence), bounded in length.
 */
final class LogText {
    private static final int MAX = 2000;

    private LogText() {
    }

    /** {@code value} with control characters written as {@code \\uXXXX}; "null" for null. */
    static String escape(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder(Math.min(value.length(), MAX) + 16);
        for (int i = 0; i < value.length() && s.length() < MAX; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)))) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        if (s.length() >= MAX && value.length() > MAX) {
            s.append("...");
        }
        return s.toString();
    }

    /** The failure and its root cause, each as class and message, escaped: what an operator needs to act. */
    static String cause(Throwable failure) {
        if (failure instanceof dev.gatehouse.core.jpa.AuditRows.AuditRowsRefused) {
            return escape(describe(failure)); // already the database's own error; its causes repeat the statement
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = describe(failure) + (root == failure ? "" : " <- " + describe(root));
        return escape(text);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
