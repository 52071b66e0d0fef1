package dev.gatehouse.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gatehouse deployed on one server, driven over HTTP as an admin with curl and an agent with a token
 * would: the admin API with HTTP Basic as the realm's test admin (system properties
 * {@code gatehouse.it.admin.user} and {@code .password}), the MCP endpoint with a bearer token.
 *
 * @param baseUrl        the server's HTTP origin, such as {@code http://127.0.0.1:8080}
 * @param gatewayContext where the gateway WAR is deployed
 * @param adminContext   where the admin WAR is deployed
 */
public record GatehouseNode(String baseUrl, String gatewayContext, String adminContext) {
    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The EAR's contexts, {@code /gatehouse} and {@code /gatehouse-admin}. */
    public static GatehouseNode ear(String baseUrl) {
        return new GatehouseNode(baseUrl, "/gatehouse", "/gatehouse-admin");
    }

    /** Calls the admin API ({@code path} below {@code /api}) and checks the status; the JSON answer or null. */
    public JsonNode admin(String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> r = adminExchange(method, path, body);
        assertEquals(expected, r.statusCode(), method + " " + baseUrl + adminContext + "/api" + path + ": " + r.body());
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** Calls the admin API and returns the raw exchange, whatever its status. */
    public HttpResponse<String> adminExchange(String method, String path, Object body) throws Exception {
        String user = System.getProperty("gatehouse.it.admin.user");
        String password = System.getProperty("gatehouse.it.admin.password");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + adminContext + "/api" + path)).timeout(TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Where the gateway {@code slug} answers MCP. */
    public String mcpUrl(String slug) {
        return baseUrl + gatewayContext + "/mcp/" + slug;
    }

    /** Posts one JSON-RPC message to the gateway {@code slug} with {@code token}, in the MCP session if one is given. */
    public HttpResponse<String> mcp(String slug, String token, String body, String sessionId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcpUrl(slug))).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET below the gateway's context, such as {@code /health}. */
    public HttpResponse<String> gatewayGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + gatewayContext + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes the MCP server at {@code upstreamUrl} on a new gateway {@code slug} (a server of the same slug). */
    public void publish(String slug, String upstreamUrl) throws Exception {
        admin("POST", "/servers", Map.of("name", "Demo " + slug, "slug", slug, "url", upstreamUrl), 201);
        admin("POST", "/gateways", Map.of("name", "Gateway " + slug, "slug", slug,
                "servers", new Object[] {Map.of("server", slug)}), 201);
    }

    /** A new token host named {@code name} connected to {@code slug}: the connection, with its token. */
    public JsonNode connectNewHost(String name, String slug) throws Exception {
        String hostId = admin("POST", "/hosts", Map.of("name", name, "kind", "TOKEN"), 201).get("id").asText();
        return admin("POST", "/hosts/" + hostId + "/connections", Map.of("gateway", slug), 201);
    }

    /** A {@code tools/call} of the demo's {@code echo} tool, as JSON-RPC text. */
    public static String echoCall(int id, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"" + message + "\"}}}";
    }
}
