package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Editing a registered server ({@code PATCH /api/servers/{id}}) against a real MCP upstream that wants the
 * gateway's key: a server moved from a dead port to the live one and its credential rotated is then reached by
 * the same upstream client the gateway uses; the secret never comes back; a stale {@code If-Match} changes
 * nothing; bad edits are refused field by field.
 */
class ServerEditTest {
    private static final String HEADER = "X-Upstream-Key";
    private static final String KEY = "edit-secret-93b1c";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static KeyedUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = KeyedUpstream.start(HEADER, KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.close();
    }

    @Test
    void editWhenUrlMovedAndCredentialRotatedThenTheServerAnswersAndTheSecretIsNeverShown() throws Exception {
        String unreachable = KeyedUpstream.unreachableUrl();
        register("moving", unreachable, "old-secret-111");
        assertFalse(assertJson(200, server.post("admin", "/api/servers/moving/test", "")).get("reachable").asBoolean());

        HttpResponse<String> edited = patch("admin", "moving", null, "{\"url\":\"" + upstream.url()
                + "\",\"authSecret\":\"" + KEY + "\",\"readTimeoutMs\":12000,\"transport\":\"auto\"}");

        JsonNode body = assertJson(200, edited);
        assertEquals(upstream.url(), body.get("url").asText());
        assertEquals(12000, body.get("readTimeoutMs").asLong());
        assertEquals("auto", body.get("transport").asText());
        assertEquals(HEADER, body.get("authHeaderName").asText());
        assertTrue(body.get("hasCredential").asBoolean());
        assertEquals("\"" + body.get("revision").asText() + "\"", edited.headers().firstValue("ETag").orElseThrow());
        JsonNode probe = assertJson(200, server.post("admin", "/api/servers/moving/test", ""));
        assertTrue(probe.get("reachable").asBoolean(), probe.toString());
        HttpResponse<String> read = server.get("admin", "/api/servers/moving");
        for (String text : new String[]{edited.body(), read.body(), probe.toString()}) {
            assertFalse(text.contains(KEY) || text.contains("old-secret-111"), text);
        }
        AuditEvent audited = server.audit(5).stream().filter(e -> e.detail() != null && e.detail().startsWith("server.updated"))
                .findFirst().orElseThrow();
        assertEquals(AuditKind.ADMIN_ACTION, audited.kind());
        assertEquals("server.updated: url, transport, readTimeoutMs, authSecret; url moved to another origin: "
                + unreachable + " -> " + upstream.url() + "; credentials of the old origin dropped: no stored shared credential,"
                + " 0 user identities", audited.detail()); // the secret given with the move became the credential
        assertEquals("moving", audited.server());
        assertEquals("admin", audited.actor());
    }

    /**
     * The stored credential never follows the URL to another origin (catalogue 617): moved to a listener of
     * the editor's choosing, with no new secret, the server's shared secret and its users' identities stay
     * behind, and a test sends the new host no credential; the audit names both URLs, never the secret.
     */
    @Test
    void editWhenUrlMovesToAnotherOriginWithoutANewSecretThenTheStoredCredentialsAreDroppedNotSent() throws Exception {
        register("stealing", upstream.url(), KEY);
        assertJson(201, server.post("admin", "/api/identities", "{\"server\":\"stealing\",\"headerName\":\"" + HEADER
                + "\",\"secret\":\"personal-secret-77\"}"));
        assertTrue(server.get("admin", "/api/identities").body().contains("\"stealing\""), "the user's identity is listed");
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer listener = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            received.add(exchange.getRequestHeaders().entrySet().toString());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        listener.start();
        try {
            String steal = "http://127.0.0.1:" + listener.getAddress().getPort() + "/steal";
            JsonNode edited = assertJson(200, patch("admin", "stealing", null, "{\"url\":\"" + steal + "\"}"));

            assertFalse(edited.get("hasCredential").asBoolean(), edited.toString());
            assertJson(200, server.post("admin", "/api/servers/stealing/test", ""));
            assertFalse(received.isEmpty(), "the test reached the new URL");
            for (String headers : received) {
                assertFalse(headers.contains(KEY) || headers.contains("personal-secret-77")
                        || headers.toLowerCase(java.util.Locale.ROOT).contains(HEADER.toLowerCase(java.util.Locale.ROOT)), headers);
            }
            String identities = server.get("admin", "/api/identities").body();
            assertFalse(identities.contains("\"stealing\""), identities);
            AuditEvent audited = server.audit(5).stream().filter(e -> e.detail() != null
                    && e.detail().startsWith("server.updated")).findFirst().orElseThrow();
            assertEquals("server.updated: url; url moved to another origin: " + upstream.url() + " -> " + steal
                    + "; credentials of the old origin dropped: shared credential, 1 user identity", audited.detail());
        } finally {
            listener.stop(0);
        }
    }

    /** A path change on the same origin keeps the credential (catalogue 618). */
    @Test
    void editWhenOnlyThePathChangesThenTheCredentialStays() {
        register("repathed", upstream.url().replace("/mcp", "/old-path"), KEY);

        JsonNode edited = assertJson(200, patch("admin", "repathed", null, "{\"url\":\"" + upstream.url() + "\"}"));

        assertTrue(edited.get("hasCredential").asBoolean(), edited.toString());
        JsonNode probe = assertJson(200, server.post("admin", "/api/servers/repathed/test", ""));
        assertTrue(probe.get("reachable").asBoolean(), probe.toString());
        assertEquals("server.updated: url", server.audit(5).stream().filter(e -> e.detail() != null
                && e.detail().startsWith("server.updated")).findFirst().orElseThrow().detail());
    }

    @Test
    void editWhenSecretRotatedAgainThenTheOldSecretNoLongerWorks() {
        register("rotating", upstream.url(), KEY);
        assertTrue(assertJson(200, server.post("admin", "/api/servers/rotating/test", "")).get("reachable").asBoolean());

        assertJson(200, patch("admin", "rotating", null, "{\"authSecret\":\"a-secret-the-upstream-refuses\"}"));

        JsonNode probe = assertJson(200, server.post("admin", "/api/servers/rotating/test", ""));
        assertEquals("the server answered HTTP 401", probe.get("error").asText());
    }

    @Test
    void editWhenIfMatchIsStaleThen412AndNothingChanges() {
        register("guarded", upstream.url(), KEY);
        HttpResponse<String> first = server.get("admin", "/api/servers/guarded");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> byOther = patch("admin", "guarded", etag, "{\"name\":\"Renamed by the first admin\"}");
        assertJson(200, byOther);
        assertNotEquals(etag, byOther.headers().firstValue("ETag").orElseThrow());

        assertProblem(412, patch("admin", "guarded", etag, "{\"name\":\"Renamed by the second admin\"}"));

        assertEquals("Renamed by the first admin", assertJson(200, server.get("admin", "/api/servers/guarded")).get("name").asText());
        String current = server.get("admin", "/api/servers/guarded").headers().firstValue("ETag").orElseThrow();
        assertEquals("Renamed again", assertJson(200, patch("admin", "guarded", current, "{\"name\":\"Renamed again\"}"))
                .get("name").asText());
        assertEquals("Last write wins", assertJson(200, patch("admin", "guarded", null, "{\"name\":\"Last write wins\"}"))
                .get("name").asText()); // no If-Match: documented as last-write-wins
    }

    @Test
    void editWhenFieldsAreWrongThen400NamingThemAndNothingChanges() {
        register("strict", upstream.url(), KEY);
        AdminServer.State before = server.state();

        assertProblem(400, "'slug' cannot be changed: gateways, rules and the audit trail name the server by it", patch("admin", "strict", null, "{\"slug\":\"other\"}"));
        assertProblem(400, "'readTimeout' is not a field of a server edit", patch("admin", "strict", null, "{\"readTimeout\":5}"));
        assertProblem(400, "'url' must be an absolute http or https URL", patch("admin", "strict", null, "{\"url\":\"ftp://x/\"}"));
        assertProblem(400, "'connectTimeoutMs' must be between 1 and 1800000", patch("admin", "strict", null, "{\"connectTimeoutMs\":0}"));
        assertProblem(400, "'enabled' must be true or false", patch("admin", "strict", null, "{\"enabled\":\"no\"}"));
        assertProblem(400, "'transport' must be streamable-http, sse or auto", patch("admin", "strict", null, "{\"transport\":\"grpc\"}"));
        assertProblem(400, "'authHeaderName' changes only with a new 'authSecret'", patch("admin", "strict", null, "{\"authHeaderName\":\"X-Other\"}"));
        assertProblem(400, "the edit changes nothing: give at least one of authHeaderName, authSecret, connectTimeoutMs, enabled, name, readTimeoutMs, transport, url", patch("admin", "strict", null, "{}"));
        assertProblem(400, patch("admin", "strict", null, "{\"authSecret\":\"line\\nbreak\"}"));

        assertEquals(before, server.state());
    }

    @Test
    void editWhenCallerLacksServersManageOrServerUnknownThenRefused() {
        register("kept", upstream.url(), KEY);

        assertProblem(403, "missing capability 'servers:manage'", patch("operator", "kept", null, "{\"name\":\"x\"}"));
        assertProblem(404, patch("admin", "no-such-server", null, "{\"name\":\"x\"}"));
        assertEquals("kept", assertJson(200, server.get("auditor", "/api/servers/kept")).get("name").asText());
    }

    private static void register(String slug, String url, String secret) {
        assertJson(201, server.post("admin", "/api/servers", "{\"name\":\"" + slug + "\",\"slug\":\"" + slug
                + "\",\"url\":\"" + url + "\",\"authHeaderName\":\"" + HEADER + "\",\"authSecret\":\"" + secret
                + "\",\"connectTimeoutMs\":2000,\"readTimeoutMs\":10000}"));
    }

    private static HttpResponse<String> patch(String user, String server, String ifMatch, String json) {
        HttpRequest.Builder b = ServerEditTest.server.request(user, "/api/servers/" + server)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return ServerEditTest.server.send(b);
    }
}
