package dev.gatehouse.launcher;

import dev.gatehouse.core.text.LogText;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The JDK's {@link SimpleFormatter} layout with every value escaped ({@link LogText#safe}): the message
 * after its parameters are filled in, the logger and source names, and each exception's own line
 * ({@code Class: message}) in the stack trace. Only the formatter's own line breaks remain, so a client's
 * string ({@code "implicit\nSEVERE: ..."}) stays inside the record that quotes it.
 */
final class SafeLogFormatter extends SimpleFormatter {
    @Override
    public String format(LogRecord record) {
        LogRecord safe = new LogRecord(record.getLevel(), LogText.safe(formatMessage(record)));
        safe.setInstant(record.getInstant());
        safe.setLoggerName(record.getLoggerName() == null ? null : LogText.safe(record.getLoggerName()));
        safe.setSourceClassName(record.getSourceClassName() == null ? null : LogText.safe(record.getSourceClassName()));
        safe.setSourceMethodName(record.getSourceMethodName() == null ? null
                : LogText.safe(record.getSourceMethodName()));
        String formatted = super.format(safe);
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            return formatted;
        }
        StringBuilder out = new StringBuilder(formatted);
        if (formatted.endsWith(System.lineSeparator())) {
            out.setLength(out.length() - System.lineSeparator().length());
        }
        appendTrace(out, thrown, "", new IdentityHashMap<>());
        return out.append(System.lineSeparator()).toString();
    }

    private static void appendTrace(StringBuilder out, Throwable t, String caption, Map<Throwable, Boolean> seen) {
        if (seen.put(t, Boolean.TRUE) != null) {
            out.append(System.lineSeparator()).append(caption).append("[circular reference]");
            return;
        }
        out.append(System.lineSeparator()).append(caption).append(LogText.safe(t));
        for (StackTraceElement frame : t.getStackTrace()) {
            out.append(System.lineSeparator()).append("\tat ").append(LogText.safe(frame));
        }
        for (Throwable suppressed : t.getSuppressed()) {
            appendTrace(out, suppressed, "Suppressed: ", seen);
        }
        if (t.getCause() != null) {
            appendTrace(out, t.getCause(), "Caused by: ", seen);
        }
    }
}
