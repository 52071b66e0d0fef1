package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.it.conformance.ConformanceSuite;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An OAuth-protected upstream whose authorization server is {@code oidc-provider} from npm (a certified OpenID
 * provider nobody here wrote), a child process running {@code node/oidc-revoking-upstream.mjs}: discovery,
 * dynamic registration, PKCE, resource indicators, refresh tokens, RFC 7009 revocation, introspection and
 * development login and consent pages; and a resource ({@code /mcp}) that accepts a bearer token only while
 * the authorization server's introspection calls it active. The test asks it which tokens it issued and
 * whether the authorization server still accepts them.
 */
final class OidcUpstream implements AutoCloseable {
    private static final String INTROSPECTOR = "resource-server:resource-server-secret-0123456789abcdef";
    private final ChildProcess process;
    private final int asPort;
    private final int rsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One token the authorization server issued: {@code access_token} or {@code refresh_token}, its value, its client. */
    record Issued(String kind, String value, String client) {
    }

    private OidcUpstream(ChildProcess process, int asPort, int rsPort) {
        this.process = process;
        this.asPort = asPort;
        this.rsPort = rsPort;
    }

    static OidcUpstream start(Path harness) throws Exception {
        int asPort = freePort();
        int rsPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(ConformanceSuite.node22(harness).toString(),
                harness.resolve("oidc-revoking-upstream.mjs").toString()).directory(harness.toFile());
        pb.environment().put("AS_PORT", Integer.toString(asPort));
        pb.environment().put("RS_PORT", Integer.toString(rsPort));
        return new OidcUpstream(ChildProcess.start("oidc-provider", pb, line -> line.contains("oidc upstream ready")),
                asPort, rsPort);
    }

    /** The protected resource, as registered on Gatehouse. */
    String resourceUrl() {
        return "http://localhost:" + rsPort + "/mcp";
    }

    String issuer() {
        return "http://localhost:" + asPort;
    }

    /** The tokens the authorization server issued to clients other than the resource server, in order. */
    List<Issued> issued() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + rsPort + "/test/issued"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        List<Issued> issued = new ArrayList<>();
        for (JsonNode n : AdminApi.JSON.readTree(r.body())) {
            issued.add(new Issued(n.get("kind").asText(), n.get("value").asText(), n.get("client").asText()));
        }
        return issued;
    }

    /** True while the authorization server's introspection (RFC 7662) calls the token active. */
    boolean active(String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer() + "/token/introspection"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(INTROSPECTOR.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token)))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && AdminApi.JSON.readTree(r.body()).path("active").asBoolean();
    }

    /** The resource's status for a request with this bearer token (200 accepted, 401 refused). */
    int resourceStatus(String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(resourceUrl())).header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The token endpoint's answer to a refresh with this refresh token, as the public client {@code clientId}. */
    HttpResponse<String> refresh(String refreshToken, String clientId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "refresh_token",
                        "refresh_token", refreshToken, "client_id", clientId, "resource", resourceUrl()))))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    List<String> output() {
        return process.output();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
