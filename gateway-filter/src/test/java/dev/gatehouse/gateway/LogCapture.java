package dev.gatehouse.gateway;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Keeps a copy of everything the test JVM logs (java.util.logging, where Jetty, the MCP SDK and Gatehouse
 * log, at INFO and above) and prints (standard output and error), so {@link SecretLeakTest} can scan it
 * after the suite. Installed by {@code src/test/resources/logging.properties}.
 */
public final class LogCapture extends Handler {
    private static final StringBuffer TEXT = new StringBuffer();
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    static {
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    public LogCapture() {
        setLevel(java.util.logging.Level.ALL);
    }

    /** Everything captured so far. */
    static String text() {
        return TEXT.toString();
    }

    @Override
    public void publish(LogRecord record) {
        TEXT.append(FORMAT.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    private static PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                TEXT.append((char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                TEXT.append(new String(b, off, len, StandardCharsets.UTF_8));
            }
        }, true, StandardCharsets.UTF_8);
    }
}
