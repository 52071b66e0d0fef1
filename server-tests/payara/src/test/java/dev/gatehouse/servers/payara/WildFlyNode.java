package dev.gatehouse.servers.payara;

import dev.gatehouse.servers.Folders;
import dev.gatehouse.servers.JBossCli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WildFly started as deploy-wildfly.md starts one ({@code bin/standalone.sh}, its environment carrying
 * Gatehouse's settings), beside the Payara domain of this module: the second node of a cluster. Its
 * ports move by {@value #PORT_OFFSET} (HTTP 32080, management 33990), the server tests' WildFly ports.
 */
final class WildFlyNode implements AutoCloseable {
    static final int PORT_OFFSET = 24000;
    private static final String STARTED = "WFLYSRV0025";
    private static final String STARTED_WITH_ERRORS = "WFLYSRV0026";
    private final Path home;
    private final Process process;
    private final List<String> output;

    private WildFlyNode(Path home, Process process, List<String> output) {
        this.home = home;
        this.process = process;
        this.output = output;
    }

    /**
     * Makes the distribution in {@code home} as unpacked (the build unpacks it afresh, which leaves files it
     * did not contain): a module left in {@code modules/org/postgresql} by an earlier run is removed, since
     * the documented {@code module add} expects a server that has none.
     */
    static void asUnpacked(Path home) throws Exception {
        Folders.deleteRecursively(home.resolve("modules/org/postgresql"));
    }

    /** Starts WildFly from {@code home} with {@code environment} and waits until it reports itself started. */
    static WildFlyNode start(Path home, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + PORT_OFFSET, "-Djava.net.preferIPv4Stack=true",
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1").redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // standalone.sh passes a TERM on to the server's JVM only when it runs it in the background
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        Process process = builder.start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    if (line.contains(STARTED) || line.contains(STARTED_WITH_ERRORS)) {
                        started.complete(line.contains(STARTED));
                    }
                }
            } catch (IOException ignored) {
                // the server ended
            }
            started.complete(false);
        }, "wildfly-node-output");
        reader.setDaemon(true);
        reader.start();
        WildFlyNode node = new WildFlyNode(home, process, output);
        boolean clean;
        try {
            clean = started.get(300, TimeUnit.SECONDS);
        } catch (Exception e) {
            node.close();
            throw new AssertionError("WildFly did not start within 300 s:\n" + node.log(), e);
        }
        if (!clean) {
            node.close();
            throw new AssertionError("WildFly did not start cleanly:\n" + node.log());
        }
        return node;
    }

    /** The HTTP origin of the node. */
    String baseUrl() {
        return "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    }

    /** Where its management interface listens, for {@code jboss-cli.sh --controller}. */
    String controller() {
        return "127.0.0.1:" + (9990 + PORT_OFFSET);
    }

    /** Runs CLI commands; the process's exit code and everything it printed. */
    JBossCli.Result cli(String... commands) throws Exception {
        return new JBossCli(home, controller()).run(commands);
    }

    /** Everything the server printed so far. */
    String log() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws Exception {
        List<ProcessHandle> jvm = process.descendants().toList();
        process.destroy();
        jvm.forEach(ProcessHandle::destroy);
        Duration wait = Duration.ofSeconds(60);
        if (!process.waitFor(wait.toSeconds(), TimeUnit.SECONDS)) {
            jvm.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : jvm) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
