package dev.gatehouse.launcher;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Security catalogue row 176: no logged value can start a line of its own. */
class SafeLogFormatterTest {
    private final SafeLogFormatter formatter = new SafeLogFormatter();

    @Test
    void formatWhenValueCarriesANewLineThenOneLineForTheMessage() {
        LogRecord record = new LogRecord(Level.INFO, "register refused: unsupported grant type {0}");
        record.setParameters(new Object[] {"implicit\nSEVERE: forged \u202eline"});
        record.setLoggerName("dev.gatehouse.test");

        String out = formatter.format(record);

        assertEquals(2, out.split(System.lineSeparator()).length, out);
        assertTrue(out.contains("INFO: register refused: unsupported grant type implicit\\nSEVERE: forged \\u202eline"), out);
    }

    @Test
    void formatWhenExceptionMessageCarriesANewLineThenEscapedInTheTrace() {
        LogRecord record = new LogRecord(Level.WARNING, "failed");
        record.setThrown(new IllegalStateException("outer\nSEVERE: forged", new RuntimeException("inner\r\nx")));

        String out = formatter.format(record);

        assertTrue(out.contains("java.lang.IllegalStateException: outer\\nSEVERE: forged"), out);
        assertTrue(out.contains("Caused by: java.lang.RuntimeException: inner\\r\\nx"), out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("SEVERE")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("\tat dev.gatehouse.launcher.SafeLogFormatterTest")), out);
    }
}
