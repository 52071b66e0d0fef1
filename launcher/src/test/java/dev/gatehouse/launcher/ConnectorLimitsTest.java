package dev.gatehouse.launcher;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connector with {@link ConnectorLimits} (docs/security-tests.md, "HTTP"): a client that sends its body
 * one byte a second gets {@code 408} and the connection is closed within seconds; oversized headers get
 * {@code 431}; a normal client is served.
 */
class ConnectorLimitsTest {
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(
                ConnectorLimits.apply(new HttpConfiguration())));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().write("read " + req.getInputStream().readAllBytes().length);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** Sends the head, then the body at {@code bytesPerSecond} for at most {@code seconds}; returns the status line. */
    private String post(String extraHeader, int bodyLength, int bytesPerSecond, int seconds) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeader
                    + "Content-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                if (bytesPerSecond <= 0) {
                    out.write("x".repeat(bodyLength).getBytes(StandardCharsets.US_ASCII));
                } else {
                    for (int i = 0; i < seconds * bytesPerSecond; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(1000 / bytesPerSecond);
                    }
                }
                out.flush();
            } catch (IOException closed) {
                // the server gave up on us: read its answer below
            }
            byte[] reply = socket.getInputStream().readNBytes(64);
            return new String(reply, StandardCharsets.ISO_8859_1).split("\r\n")[0];
        }
    }

    @Test
    void postWhenBodyTricklesInAtOneBytePerSecondThen408AndClosedWithinSeconds() throws Exception {
        long start = System.nanoTime();
        String status = post("", 1000, 1, 12);
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertEquals("HTTP/1.1 408 Request Timeout", status);
        assertTrue(seconds < 15, seconds + " s");
    }

    @Test
    void postWhenHeadersOversizedThen431() throws Exception {
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large",
                post("X-Padding: " + "h".repeat(ConnectorLimits.MAX_REQUEST_HEADER_BYTES) + "\r\n", 1, 0, 0));
    }

    @Test
    void postWhenBodyArrivesAtOnceThenServed() throws Exception {
        assertEquals("HTTP/1.1 200 OK", post("", 100_000, 0, 0));
    }
}
