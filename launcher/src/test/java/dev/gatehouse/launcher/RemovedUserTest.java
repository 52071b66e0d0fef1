package dev.gatehouse.launcher;

import dev.gatehouse.core.users.PasswordHash;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.ClientRegistration;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.Pkce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing a user from the launcher's realm ({@code admin-users.properties}, read at start) ends what acts as
 * that user: after the restart their OAuth access token gets 401 and their refresh token invalid_grant, over
 * HTTP against the launcher; another user's keep working.
 */
@Timeout(180)
class RemovedUserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String REDIRECT = "http://127.0.0.1:41000/callback";
    private static final String VERIFIER = "removed-user-verifier-removed-user-verifier-01";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @TempDir
    Path data;

    private record Tokens(String clientId, String access, String refresh) {
    }

    @Test
    void restartWhenAUserWasRemovedFromTheAccountsFileThenTheirOAuthTokensAreRefusedAndOthersKeepWorking() throws Exception {
        Path accounts = data.resolve(AdminAccounts.FILE_NAME);
        Files.writeString(accounts, "alice=" + PasswordHash.hash("alice-passphrase-1".toCharArray()) + ",gatehouse-operator\n"
                + "bob=" + PasswordHash.hash("bob-passphrase-12".toCharArray()) + ",gatehouse-operator\n");
        Tokens alice;
        Tokens bob;
        try (Main.Running first = start()) {
            alice = connect(first, "alice");
            bob = connect(first, "bob");
            first.gatehouse().identities().putSecret(DemoSeed.SERVER_SLUG, "alice", "X-Api-Key", "alices-pat", "alice");
            first.gatehouse().identities().putSecret(DemoSeed.SERVER_SLUG, "bob", "X-Api-Key", "bobs-pat", "bob");
            assertEquals(200, initialize(first, alice.access()).statusCode());
        }
        Files.write(accounts, Files.readAllLines(accounts).stream().filter(l -> !l.startsWith("alice=")).toList());

        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (Main.Running second = start(banner)) {
            HttpResponse<String> refused = initialize(second, alice.access());
            HttpResponse<String> refresh = token(second, Map.of("grant_type", "refresh_token", "client_id", alice.clientId(),
                    "refresh_token", alice.refresh()));

            assertEquals(401, refused.statusCode());
            assertEquals(400, refresh.statusCode(), refresh.body());
            assertEquals("invalid_grant", JSON.readTree(refresh.body()).get("error").asText());
            assertEquals(200, initialize(second, bob.access()).statusCode());
            assertTrue(second.gatehouse().oauth().grants(java.util.Optional.of("alice")).stream()
                    .allMatch(g -> g.revokedAt() != null));
            assertTrue(banner.toString(StandardCharsets.UTF_8).contains("1 user(s) no longer in"), banner.toString());
            // her upstream identities are deleted with her; bob's stay
            assertEquals(java.util.Set.of("bob"), second.gatehouse().identities().owners());
            assertTrue(banner.toString(StandardCharsets.UTF_8).contains("Deleted the upstream identities of 1 user(s)"),
                    banner.toString());
        }
    }

    private Main.Running start() throws Exception {
        return start(new ByteArrayOutputStream());
    }

    private Main.Running start(ByteArrayOutputStream out) throws Exception {
        return Main.start(LauncherOptions.parse(new String[] {"--port", "0", "--host", "127.0.0.1", "--data", data.toString()},
                Map.of()), Map.of("GATEHOUSE_ADMIN_PASSWORD", "removed-user-admin-Pa55"),
                new PrintStream(out, true, StandardCharsets.UTF_8)).orElseThrow();
    }

    /** What the consent page does when {@code user} approves, then the code exchanged over HTTP. */
    private static Tokens connect(Main.Running running, String user) throws Exception {
        AuthorizationServer oauth = running.gatehouse().oauth();
        OAuthClient client = oauth.clients().register(new ClientRegistration(user + "'s editor", List.of(REDIRECT), null, null, "none"));
        String code = oauth.approve(oauth.checkRequest(client, REDIRECT, "code", "st", Pkce.challengeOf(VERIFIER), "S256",
                mcpUrl(running), "mcp"), user);
        HttpResponse<String> r = token(running, Map.of("grant_type", "authorization_code", "client_id", client.clientId(),
                "code", code, "redirect_uri", REDIRECT, "code_verifier", VERIFIER, "resource", mcpUrl(running)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode tokens = JSON.readTree(r.body());
        return new Tokens(client.clientId(), tokens.get("access_token").asText(), tokens.get("refresh_token").asText());
    }

    private static String mcpUrl(Main.Running running) {
        return "http://127.0.0.1:" + running.port() + EmbeddedServer.GATEWAY_CONTEXT + "/mcp/" + DemoSeed.GATEWAY_SLUG;
    }

    private static HttpResponse<String> initialize(Main.Running running, String access) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(mcpUrl(running))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + access).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> token(Main.Running running, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port()
                        + EmbeddedServer.GATEWAY_CONTEXT + "/oauth/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
