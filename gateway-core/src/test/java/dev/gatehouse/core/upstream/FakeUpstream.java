package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.model.UpstreamServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;

/** A scripted upstream on the JDK's own HTTP server, so core tests need no servlet container. */
final class FakeUpstream implements AutoCloseable {
    final HttpServer server;

    FakeUpstream(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/mcp", handler);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    UpstreamServer record(String headerName, String secret, Duration readTimeout) {
        return server(url(), headerName, secret, readTimeout);
    }

    static UpstreamServer server(URI url, String headerName, String secret, Duration readTimeout) {
        return new UpstreamServer("srv-1", "Fake", "fake", url, UpstreamServer.Transport.STREAMABLE_HTTP,
                headerName, secret, Duration.ofSeconds(5), readTimeout, true, Instant.now());
    }

    static void reply(HttpExchange x, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            x.getResponseHeaders().set("Content-Type", contentType);
        }
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
        x.close();
    }

    static String body(HttpExchange x) throws IOException {
        return new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
