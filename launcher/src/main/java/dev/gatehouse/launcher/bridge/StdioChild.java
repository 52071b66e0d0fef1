package dev.gatehouse.launcher.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running stdio MCP server: JSON-RPC messages one per line on its stdin and stdout (MCP transports,
 * "stdio"), its stderr copied to the log line by line under a prefix naming the session and process.
 * Two daemon threads read its stdout and stderr; writes to stdin are serialised so two messages never interleave.
 */
final class StdioChild {
    private static final Logger LOG = Logger.getLogger(StdioChild.class.getName());
    /** A line longer than this from the server is not a message we relay (and would exhaust memory). */
    static final int MAX_LINE = 16 * 1024 * 1024;

    private final Process process;
    private final OutputStream stdin;
    private final String label;

    private StdioChild(Process process, String label) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.label = label;
    }

    /**
     * Starts {@code command}; each stdout line goes to {@code messages}, and {@code exited} runs once, after
     * the last line, when the process has ended (or closed its stdout).
     */
    static StdioChild start(List<String> command, String session, BiConsumer<StdioChild, String> messages,
                            Consumer<StdioChild> exited) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        StdioChild child = new StdioChild(p, "stdio[" + session + " pid " + p.pid() + "]");
        Thread out = new Thread(() -> child.readStdout(messages, exited), child.label + " stdout");
        Thread err = new Thread(child::copyStderr, child.label + " stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
        LOG.info(() -> child.label + " started: " + String.join(" ", command));
        return child;
    }

    /** Writes one message and a newline; false when the process no longer reads. */
    synchronized boolean send(String json) {
        try {
            stdin.write(json.getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    String label() {
        return label;
    }

    /** Asks the process and its descendants (npx starts node) to end, then forces them after {@code grace}. */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            stdin.close(); // a stdio server ends when its input ends (MCP: "the client closes the input stream")
        } catch (IOException ignored) {
            // already closed
        }
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void readStdout(BiConsumer<StdioChild, String> messages, Consumer<StdioChild> exited) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_LINE) {
                    LOG.warning(label + " wrote a line of " + line.length() + " characters; dropped");
                    continue;
                }
                try {
                    messages.accept(this, line);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, label + " message not relayed: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> label + " stdout closed: " + e.getMessage());
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        int exit = code;
        LOG.info(() -> label + " exited with code " + exit);
        exited.accept(this);
    }

    private void copyStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                String shown = line.length() > 4096 ? line.substring(0, 4096) + "..." : line;
                LOG.info(label + " stderr: " + shown);
            }
        } catch (IOException e) {
            LOG.fine(() -> label + " stderr closed: " + e.getMessage());
        }
    }

    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public String toString() {
        return label;
    }
}
