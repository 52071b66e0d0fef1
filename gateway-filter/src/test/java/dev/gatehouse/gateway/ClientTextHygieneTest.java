package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text that clients choose, where admins read it (security catalogue rows 174 and 176): a value logged
 * while refusing a registration cannot start a line of its own, even under the JDK's plain formatter
 * (as on WildFly and Payara), and bidirectional controls never reach a stored client name.
 */
@Timeout(60)
class ClientTextHygieneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = new GatewayHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void registerWhenGrantTypeCarriesANewLineThenTheLogLineCannotBeForged() throws Exception {
        String marker = "forged-" + UUID.randomUUID();
        HttpResponse<String> refused = register(Map.of("client_name", "Forger",
                "redirect_uris", List.of("http://127.0.0.1/callback"), "token_endpoint_auth_method", "none",
                "grant_types", List.of("implicit\nSEVERE: " + marker + "\r\u0085\u2028x")));

        assertEquals(400, refused.statusCode(), refused.body());
        String logged = LogCapture.text();
        assertTrue(logged.contains("implicit\\nSEVERE: " + marker + "\\r\\u0085\\u2028x"), "the refusal is logged, escaped");
        assertTrue(logged.lines().noneMatch(l -> l.startsWith("SEVERE: " + marker)), "no forged line");
    }

    @Test
    void registerWhenClientNameCarriesBidiControlsThenTheyAreRemovedBeforeItIsStoredOrShown() throws Exception {
        HttpResponse<String> registered = register(Map.of("client_name", "Trusted\u202Eexe.ppA\u202C \u2066Tool\u2069\u200F\u061C",
                "redirect_uris", List.of("http://127.0.0.1/callback"), "token_endpoint_auth_method", "none"));

        assertEquals(201, registered.statusCode(), registered.body());
        JsonNode body = JSON.readTree(registered.body());
        assertEquals("Trustedexe.ppA Tool", body.get("client_name").asText());
        assertEquals("Trustedexe.ppA Tool", gw.gatehouse.oauth()
                .clientFor(body.get("client_id").asText(), "http://127.0.0.1/callback").name());
    }

    private static HttpResponse<String> register(Map<String, Object> metadata) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl + "/gatehouse/oauth/register"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(metadata))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
