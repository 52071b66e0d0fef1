package dev.gatehouse.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WildFly's own command line ({@code bin/jboss-cli.sh}) against a running server's management interface, as an
 * admin runs it: commands in one connection, bounded in time. The tests use it for what the docs do with it
 * besides their quoted command files (deploy, undeploy) and to put a server back as they found it.
 */
public record JBossCli(Path home, String controller) {
    /** What one run printed, and whether it succeeded. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code commands} in one connection (jboss-cli stops at the first that fails). */
    public Result run(String... commands) throws Exception {
        return start("--commands=" + String.join(",", commands), String.join(",", commands));
    }

    /**
     * Waits until the server answers its management interface as {@code running} again (after a {@code reload},
     * which jboss-cli stops waiting for after a few seconds on a busy machine); this CLI, for chaining.
     */
    public JBossCli awaitRunning(Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        Result state;
        do {
            state = run(":read-attribute(name=server-state)");
            if (state.succeeded() && state.output().contains("\"running\"")) {
                return this;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        throw new AssertionError("WildFly was not running again within " + limit.toSeconds() + " s: " + state.output());
    }

    /** Runs a script of CLI lines ({@code if}/{@code end-if} blocks allowed), as {@code jboss-cli.sh --file}. */
    public Result script(String lines) throws Exception {
        Path file = Files.createTempFile("gatehouse-cli-", ".cli");
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
            return start("--file=" + file, lines);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Result start(String what, String shown) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=" + controller, what).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process cli = builder.start();
        CompletableFuture<String> printed = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!cli.waitFor(300, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError("jboss-cli did not finish within 300 s: " + shown);
        }
        return new Result(cli.exitValue(), printed.get(10, TimeUnit.SECONDS));
    }
}
