package dev.gatehouse.admin.siem;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd (Debian {@code rsyslog}, and {@code rsyslog-gnutls} for TLS) as a child process of the
 * test, with one of the documented configurations ({@code docs/commands/rsyslog-gatehouse-*.conf}) moved onto
 * an ephemeral port and a temporary folder. Missing rsyslog fails the test (./run-tests installs it).
 */
final class Rsyslog implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    private Rsyslog(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    /** Starts the documented configuration {@code docs/commands/<name>} in {@code dir}, listening on a free port. */
    static Rsyslog start(String name, Path dir) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's rsyslog and rsyslog-gnutls (./run-tests does)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String text = Files.readString(Path.of("../docs/commands", name))
                .replace("/var/lib/rsyslog-gatehouse", dir.resolve("work").toString())
                .replace("/etc/rsyslog-gatehouse", dir.toString())
                .replace("/var/log/gatehouse/audit.log", dir.resolve("audit.log").toString())
                .replaceAll("port=\"\\d+\"", "port=\"" + port + "\"");
        Files.createDirectories(dir.resolve("work"));
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, text);
        Rsyslog r = new Rsyslog(dir, config, port);
        r.launch();
        return r;
    }

    int port() {
        return port;
    }

    Path output() {
        return dir.resolve("audit.log");
    }

    /** The lines written so far. */
    List<String> lines() throws IOException {
        return Files.exists(output()) ? Files.readAllLines(output()) : List.of();
    }

    /** SIGKILL: whatever it had read but not written is lost, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port and files. */
    void restart() throws Exception {
        launch();
    }

    private void launch() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "-n", "-f", config.toString(), "-i", dir.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.out")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rsyslogd did not listen on " + port + " within 20 s: "
                            + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
