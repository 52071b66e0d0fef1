package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.oauth.AuthorizationRequest;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization server's settings taken from the runtime's settings (system properties here, as
 * an operator would set them) over real HTTP: a shorter access token lifetime, and the cap on
 * registrations nobody approved yet (429 with {@code Retry-After} in RFC 7591 error form). The
 * harness clock is moved instead of waiting.
 */
class OAuthSettingsGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String REDIRECT = "http://127.0.0.1:43123/callback";
    private static final String VERIFIER = "verifier-verifier-verifier-verifier-verifier-0002";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"settings-test\",\"version\":\"1\"}}}";
    private static final Map<String, String> SETTINGS = Map.of("gatehouse.oauth-access-token-seconds", "300",
            "gatehouse.oauth-max-unused-registrations", "3");

    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        SETTINGS.forEach(System::setProperty);
        try {
            gw = new GatewayHarness();
        } finally {
            SETTINGS.keySet().forEach(System::clearProperty);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void accessTokenWhenLifetimeSetTo300SecondsThenExpiresInSaysSoAndTheGatewayRefusesItAfterwards() throws Exception {
        HttpResponse<String> registered = register("Short-lived");
        assertEquals(201, registered.statusCode(), registered.body());
        String clientId = JSON.readTree(registered.body()).get("client_id").asText();
        OAuthClient client = gw.gatehouse.oauth().clientFor(clientId, REDIRECT);
        AuthorizationRequest request = gw.gatehouse.oauth().checkRequest(client, REDIRECT, "code", "st",
                Pkce.challengeOf(VERIFIER), "S256", gw.gatewayUrl("quickstart"), "mcp");
        String code = gw.gatehouse.oauth().approve(request, "dana");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        form.put("code_verifier", VERIFIER);
        form.put("resource", gw.gatewayUrl("quickstart"));

        HttpResponse<String> issued = post("/gatehouse/oauth/token", "application/x-www-form-urlencoded", form(form));

        assertEquals(200, issued.statusCode(), issued.body());
        JsonNode tokens = JSON.readTree(issued.body());
        assertEquals(300, tokens.get("expires_in").asLong());
        String access = tokens.get("access_token").asText();
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());
        gw.clock.advance(Duration.ofSeconds(301)); // within the default hour, past the configured 5 minutes
        try {
            HttpResponse<String> late = McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE);
            assertEquals(401, late.statusCode());
            assertTrue(late.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
        } finally {
            gw.clock.reset();
        }
    }

    @Test
    void registrationWhenUnusedRegistrationsReachTheCapThen429WithRetryAfterUntilTheOldestIsPurged() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4 && (last == null || last.statusCode() == 201); i++) {
            last = register("Unused " + i);
            statuses.add(last.statusCode());
        }

        assertEquals(429, last.statusCode(), statuses.toString());
        assertTrue(statuses.size() <= 4 && statuses.subList(0, statuses.size() - 1).stream().allMatch(s -> s == 201),
                statuses.toString());
        JsonNode error = JSON.readTree(last.body());
        assertEquals("temporarily_unavailable", error.get("error").asText());
        assertTrue(error.get("error_description").asText().contains("registrations"), last.body());
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= Duration.ofHours(24).toSeconds() + 1, "Retry-After " + retryAfter);
        assertEquals("no-store", last.headers().firstValue("Cache-Control").orElseThrow());
        gw.clock.advance(Duration.ofHours(25)); // the unused ones are past their lifetime now
        try {
            HttpResponse<String> after = register("After the purge");
            assertEquals(201, after.statusCode(), after.body());
        } finally {
            gw.clock.reset();
        }
    }

    private static HttpResponse<String> register(String name) throws Exception {
        return post("/gatehouse/oauth/register", "application/json", JSON.writeValueAsString(Map.of(
                "client_name", name, "redirect_uris", List.of("http://127.0.0.1/callback"),
                "token_endpoint_auth_method", "none")));
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
