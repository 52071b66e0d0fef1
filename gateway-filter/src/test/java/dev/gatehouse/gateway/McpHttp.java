package dev.gatehouse.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain java.net.http calls to the gateway, as the tutorial's curl commands make them. */
final class McpHttp {
    static final String BOTH = "application/json, text/event-stream";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private McpHttp() {
    }

    static HttpRequest.Builder request(String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /**
     * Sends once more when a kept-alive connection turned out closed before any byte of the answer (the server
     * may close it after refusing a request whose body it did not read): the request was never answered.
     */
    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        }
    }

    static HttpResponse<String> post(String url, String token, String json, String... headers) throws Exception {
        HttpRequest.Builder b = request(url, token, json);
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** Sends and reads the body line by line as it arrives. */
    static HttpResponse<java.util.stream.Stream<String>> lines(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    }

    /**
     * Opens an MCP session as a client does (initialize, then {@code notifications/initialized}) with no client
     * capabilities; answers its {@code Mcp-Session-Id}.
     */
    static String openSession(String url, String token, String version) throws Exception {
        return openSession(url, token, version, "{}");
    }

    /** {@link #openSession(String, String, String)} declaring these client capabilities (a JSON object). */
    static String openSession(String url, String token, String version, String capabilities) throws Exception {
        HttpResponse<String> init = post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"" + version + "\",\"capabilities\":" + capabilities
                + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertEquals(200, init.statusCode(), init::body);
        assertTrue(init.body().contains("\"protocolVersion\":\"" + version + "\""), init::body);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no session: " + init.headers()));
        HttpResponse<String> initialized = post(url, token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", version);
        assertEquals(202, initialized.statusCode(), initialized::body);
        return session;
    }

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse(null);
    }
}
