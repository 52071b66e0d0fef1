package dev.gatehouse.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command blocks of the deploy docs, run as written: each lives in {@code docs/commands/}, and the
 * docs quote it whole (checked by {@code DocsQuoteCommandsTest}), so what the admin reads is what the test
 * runs. A block takes its server, user and addresses from environment variables with the docs' values as
 * defaults; the test sets them to the server under test.
 */
public final class DocumentedCommands {
    private DocumentedCommands() {
    }

    /** Where the repository's {@code docs/} folder is (system property {@code gatehouse.docs}). */
    public static Path docs() {
        return Path.of(System.getProperty("gatehouse.docs", "../../docs")).toAbsolutePath().normalize();
    }

    /** The text of {@code docs/commands/name}. */
    public static String text(String name) throws IOException {
        return Files.readString(docs().resolve("commands").resolve(name), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code docs/commands/name} in {@code folder} without waiting, for a block that ends by running a
     * server in the foreground; what it prints goes to {@code output}. Stop it with {@link #stop}.
     */
    public static Process start(String name, Map<String, String> environment, Path folder, Path output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-e", docs().resolve("commands").resolve(name).toString())
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Stops a started block and every process it started (the server it runs in the foreground). */
    public static void stop(Process block) throws Exception {
        java.util.List<ProcessHandle> started = block.descendants().toList();
        started.forEach(ProcessHandle::destroy);
        block.destroy();
        for (ProcessHandle p : started) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        if (!block.waitFor(30, TimeUnit.SECONDS)) {
            block.destroyForcibly();
        }
    }

    /** Runs {@code docs/commands/name} with bash ({@code -e}: the first failing command fails it), bounded. */
    public static String run(String name, Map<String, String> environment) throws Exception {
        return run(name, environment, Path.of("."), Duration.ofSeconds(120));
    }

    /**
     * Runs {@code docs/commands/name} in {@code folder} (where the doc has the admin stand, such as the
     * folder holding the JDBC driver jar), within {@code limit}.
     */
    public static String run(String name, Map<String, String> environment, Path folder, Duration limit) throws Exception {
        Path script = docs().resolve("commands").resolve(name);
        Path output = Files.createTempFile("gatehouse-doc-command-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-e", script.toString()).directory(folder.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish within " + limit.toSeconds() + " s: " + Files.readString(output));
            }
            String printed = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + printed);
            }
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
