package dev.gatehouse.launcher;

import dev.gatehouse.launcher.bridge.BridgeOptions;
import dev.gatehouse.launcher.bridge.BridgeSecret;
import dev.gatehouse.launcher.bridge.StdioBridge;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gatehouse.jar bridge [options] -- COMMAND [ARGS...]}: serves a stdio MCP server as MCP
 * streamable HTTP on loopback (docs/bridge.md). Inside WildFly or Payara Gatehouse starts no processes; the
 * bridge is its own process, registered as an ordinary upstream with the bridge secret as its credential.
 */
final class BridgeCommand {
    static final String NAME = "bridge";

    private BridgeCommand() {
    }

    /** Exit code 2 on bad usage, 1 when it cannot start; otherwise serves until the process ends. */
    static void run(String[] args, PrintStream out, PrintStream err) {
        BridgeOptions options;
        BridgeSecret secret;
        String shown = null;
        try {
            options = BridgeOptions.parse(args);
            if (options.secretFile().isPresent()) {
                secret = BridgeSecret.read(options.secretFile().get());
            } else {
                BridgeSecret.Generated generated = BridgeSecret.generate();
                secret = generated.secret();
                shown = generated.text();
            }
        } catch (BridgeOptions.UsageRequested e) {
            out.print(BridgeOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            err.println("gatehouse bridge: " + e.getMessage());
            err.print(BridgeOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Logging.configure();
            StdioBridge bridge = StdioBridge.start(options, secret);
            Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "gatehouse-bridge-shutdown"));
            out.println("Gatehouse stdio bridge: " + bridge.url() + " (one process per MCP session, at most "
                    + options.maxSessions() + ")");
            if (shown != null) {
                out.println("Bridge secret (shown once; register the header \"Authorization: Bearer <secret>\" "
                        + "as the server's credential in Gatehouse): " + shown);
            }
            out.flush();
            new CountDownLatch(1).await();
        } catch (Exception e) {
            err.println("gatehouse bridge: could not start on " + options.host().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
