package dev.gatehouse.launcher;

import dev.gatehouse.demo.DemoMcpServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gatehouse.jar demo-upstream [--port N] [--host ADDRESS]}: the built-in demo MCP server
 * (echo, add, get_time, slow_count, fail) on its own, at {@code http://HOST:PORT/mcp}, for an application
 * server's first run: WildFly and Payara have no demo upstream of their own, so the admin starts this one
 * and registers it (docs/deploy-wildfly.md, docs/deploy-payara.md). It runs until stopped (Ctrl-C).
 */
final class DemoUpstreamCommand implements AutoCloseable {
    static final String NAME = "demo-upstream";
    static final String USAGE = """
            Usage: java -jar gatehouse.jar demo-upstream [--port N] [--host ADDRESS]
              --port N        HTTP port (default 9090; 0 picks a free port, printed at start)
              --host ADDRESS  address to bind (default 127.0.0.1: only this machine reaches the demo)
            Serves the demo MCP server at http://ADDRESS:N/mcp until stopped.
            """;
    private static final String ENDPOINT = "/mcp";

    private final Server jetty;
    private final DemoMcpServer demo;

    private DemoUpstreamCommand(Server jetty, DemoMcpServer demo) {
        this.jetty = jetty;
        this.demo = demo;
    }

    /** Parses {@code args} (after the command name), serves until the process ends; exit code 2 on bad usage. */
    static void run(String[] args, PrintStream out, PrintStream err) {
        String host = "127.0.0.1";
        int port = 9090;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = LauncherOptions.parsePort(value(args, i++));
                    case "--host" -> host = value(args, i++);
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("gatehouse demo-upstream: " + e.getMessage());
            err.print(USAGE);
            System.exit(2);
            return;
        }
        try {
            Logging.configure();
            DemoUpstreamCommand command = start(host, port);
            Runtime.getRuntime().addShutdownHook(new Thread(command::close, "demo-upstream-shutdown"));
            out.println("Gatehouse demo MCP server: " + command.url());
            out.println("Register it as an upstream server (docs/deploy-wildfly.md, \"First run\"); Ctrl-C stops it.");
            new CountDownLatch(1).await();
        } catch (Exception e) {
            err.println("gatehouse demo-upstream: could not start on " + host + ":" + port + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static DemoUpstreamCommand start(String host, int port) throws Exception {
        DemoMcpServer demo = DemoMcpServer.create(ENDPOINT);
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("demo-mcp", demo.servlet());
        holder.setAsyncSupported(true); // the SDK's streamable transport replies asynchronously
        context.addServlet(holder, ENDPOINT);
        jetty.setHandler(context);
        jetty.start();
        return new DemoUpstreamCommand(jetty, demo);
    }

    String url() {
        ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
        String host = connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + ENDPOINT;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("gatehouse demo-upstream: error while stopping: " + e.getMessage());
        }
        demo.close();
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }
}
