package dev.gatehouse.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

/** Raw MCP streamable-HTTP requests, as the tutorial's curl sends them: one JSON-RPC message per POST. */
final class McpHttp {
    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(String url, String token, String accept, String body) throws Exception {
        return http.send(request(url, token, accept, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The response as lines while they arrive, for streamed (SSE) replies. */
    HttpResponse<Stream<String>> postStreaming(String url, String token, String accept, String body) throws Exception {
        return http.send(request(url, token, accept, body), HttpResponse.BodyHandlers.ofLines());
    }

    private static HttpRequest request(String url, String token, String accept, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .header("User-Agent", "gatehouse-it/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    static String toolsList(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    static String toolsCall(int id, String tool, String argumentsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + argumentsJson + "}}";
    }
}
