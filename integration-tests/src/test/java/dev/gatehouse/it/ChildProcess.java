package dev.gatehouse.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process a test starts and uses once it says it is ready (a node server, a bridge, an OpenID provider): its
 * output is drained for as long as it runs (a child whose pipe nobody reads blocks on its next line) and kept for
 * the test's assertions and failure messages, its ready line is waited for within a bound, and it is stopped on
 * close, forcibly if it does not end by itself. One place for what each of those helpers did on its own.
 */
public final class ChildProcess implements AutoCloseable {
    private static final long READY_SECONDS = 60;
    private static final long STOP_SECONDS = 15;

    private final Process process;
    private final List<String> output;
    private final String readyLine;

    private ChildProcess(Process process, List<String> output, String readyLine) {
        this.process = process;
        this.output = output;
        this.readyLine = readyLine;
    }

    /**
     * Starts {@code builder} (its error stream merged into its output) and returns once a line of its output
     * passes {@code ready}; fails with what it printed if it exits first or is not ready within a minute.
     */
    public static ChildProcess start(String name, ProcessBuilder builder, Predicate<String> ready) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<String> readyLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (!readyLine.isDone() && ready.test(line)) {
                        readyLine.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            readyLine.completeExceptionally(new IllegalStateException(name + " exited: " + copy(output)));
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildProcess(process, output, readyLine.get(READY_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The line that said the process was ready (some carry what the test needs, such as a URL). */
    public String readyLine() {
        return readyLine;
    }

    /** How many lines it printed so far: a mark for {@link #outputSince}. */
    public int mark() {
        synchronized (output) {
            return output.size();
        }
    }

    /** What it printed so far. */
    public List<String> output() {
        return outputSince(0);
    }

    /** What it printed after {@code mark}. */
    public List<String> outputSince(int mark) {
        synchronized (output) {
            return new ArrayList<>(output.subList(Math.min(mark, output.size()), output.size()));
        }
    }

    private static List<String> copy(List<String> output) {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
