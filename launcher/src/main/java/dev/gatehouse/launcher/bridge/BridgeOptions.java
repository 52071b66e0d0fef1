package dev.gatehouse.launcher.bridge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's settings, parsed once from {@code bridge [options] -- COMMAND [ARGS...]}. The address must be a
 * loopback address: the bridge speaks for a local process and is reached by a Gatehouse node on the same
 * machine (or through a tunnel the operator sets up), never directly from the network.
 */
public record BridgeOptions(InetAddress host, int port, Optional<Path> secretFile, int maxSessions,
                            Duration idleTimeout, List<String> command) {
    public static final String USAGE = """
            Usage: java -jar gatehouse.jar bridge [--port N] [--host ADDRESS] [--secret-file FILE]
                                                  [--max-sessions N] [--idle-timeout SECONDS] -- COMMAND [ARGS...]
              --port N               HTTP port (default 9101; 0 picks a free port, printed at start)
              --host ADDRESS         loopback address to bind (default 127.0.0.1; any other address is refused)
              --secret-file FILE     read the bridge secret from FILE (at least 32 characters); without it a
                                     secret is generated and printed once
              --max-sessions N       MCP sessions (one child process each) at once (default 8)
              --idle-timeout SECONDS a session unused this long ends and its process stops (default 1800)
            Runs COMMAND (a stdio MCP server) once per MCP session and serves it as MCP streamable HTTP at
            http://ADDRESS:N/mcp; every request must carry "Authorization: Bearer <secret>".
            """;
    public static final int DEFAULT_PORT = 9101;

    public BridgeOptions {
        if (!host.isLoopbackAddress()) {
            throw new IllegalArgumentException("--host " + host.getHostAddress()
                    + " is not a loopback address: the bridge serves this machine only");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command: give the stdio server's command after --");
        }
        command = List.copyOf(command);
    }

    /** Parses the arguments after {@code bridge}. */
    public static BridgeOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        Path secretFile = null;
        int maxSessions = 8;
        Duration idle = Duration.ofMinutes(30);
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--port" -> port = number(args, i++, 0, 65535);
                case "--host" -> host = value(args, i++);
                case "--secret-file" -> secretFile = Path.of(value(args, i++));
                case "--max-sessions" -> maxSessions = number(args, i++, 1, 1000);
                case "--idle-timeout" -> idle = Duration.ofSeconds(number(args, i++, 1, 86_400 * 7));
                case "--help", "-h" -> throw new UsageRequested();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (the server's command goes after --)");
            }
        }
        List<String> command = i < args.length ? Arrays.asList(args).subList(i + 1, args.length) : List.of();
        return new BridgeOptions(address(host), port, Optional.ofNullable(secretFile), maxSessions, idle, command);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " is not a known address");
        }
    }

    private static int number(String[] args, int i, int min, int max) {
        String v = value(args, i);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i] + " must be a number from " + min + " to " + max + ", not " + v);
        }
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length || args[i + 1].equals("--")) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** {@code --help}: print {@link #USAGE} and exit 0. */
    public static final class UsageRequested extends RuntimeException {
        UsageRequested() {
            super("usage", null, false, false);
        }
    }
}
