package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.oauth.AuthorizationRequest;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.OAuthSettings;
import dev.gatehouse.core.oauth.OAuthTokenFormat;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.oauth.Pkce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OAuth side of the gateway WAR on embedded Jetty, over real HTTP: discovery documents, dynamic
 * and metadata-document registration, the token endpoint (code with PKCE, refresh rotation), revocation,
 * CORS, and OAuth access tokens at the MCP endpoint (bound to one gateway, revoked at once).
 * The user's consent is given through the core authorization server here; the browser consent page
 * lives in the admin WAR and is driven end to end in the integration tests.
 */
class OAuthProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String REDIRECT = "http://127.0.0.1:43123/callback";
    private static final String VERIFIER = "verifier-verifier-verifier-verifier-verifier-0001";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"oauth-test\",\"version\":\"1\"}}}";
    private static final String TOOLS_CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
            + "\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}";

    private static GatewayHarness gw;
    private static HttpServer metadataHost;

    @BeforeAll
    static void start() throws Exception {
        // the metadata documents below are served on loopback, which a real deployment never fetches from
        System.setProperty(OAuthSettings.ALLOW_PRIVATE_METADATA_HOSTS, "true");
        try {
            gw = new GatewayHarness();
        } finally {
            System.clearProperty(OAuthSettings.ALLOW_PRIVATE_METADATA_HOSTS);
        }
        metadataHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metadataHost.start();
    }

    @AfterAll
    static void stop() throws Exception {
        metadataHost.stop(0);
        gw.close();
    }

    @Test
    void challengeWhenNoTokenThenPointsAtMetadataAndNamesTheScope() throws Exception {
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), null, INITIALIZE);

        assertEquals(401, r.statusCode());
        assertEquals("Bearer resource_metadata=\"" + gw.baseUrl + "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart\", scope=\"mcp\"",
                r.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void discoveryWhenFollowedFromTheChallengeThenLeadsToGatehouseAuthorizationServer() throws Exception {
        JsonNode resource = getJson("/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart");
        assertEquals(gw.gatewayUrl("quickstart"), resource.get("resource").asText());
        String issuer = resource.get("authorization_servers").get(0).asText();
        assertEquals(gw.baseUrl + "/gatehouse", issuer);

        JsonNode as = getJson("/gatehouse/.well-known/oauth-authorization-server");
        assertEquals(issuer, as.get("issuer").asText());
        assertEquals(gw.baseUrl + "/gatehouse-admin/oauth/authorize", as.get("authorization_endpoint").asText());
        assertEquals(issuer + "/oauth/token", as.get("token_endpoint").asText());
        assertEquals(issuer + "/oauth/register", as.get("registration_endpoint").asText());
        assertEquals(issuer + "/oauth/revoke", as.get("revocation_endpoint").asText());
        assertEquals("[\"S256\"]", as.get("code_challenge_methods_supported").toString());
        assertEquals("[\"none\"]", as.get("token_endpoint_auth_methods_supported").toString());
        assertTrue(as.get("client_id_metadata_document_supported").asBoolean());
        assertTrue(as.get("authorization_response_iss_parameter_supported").asBoolean());

        JsonNode oidc = getJson("/gatehouse/.well-known/openid-configuration");
        assertEquals(issuer, oidc.get("issuer").asText());
        assertEquals(issuer + "/oauth/jwks", oidc.get("jwks_uri").asText());
        assertEquals("{\"keys\":[]}", getJson("/gatehouse/oauth/jwks").toString());
    }

    @Test
    void fullCodeFlowWhenRegisteredDynamicallyThenTokenOpensTheGatewayAsTheUser() throws Exception {
        String clientId = register("Flow client");

        JsonNode tokens = exchange(clientId, code(clientId, "quickstart", "alice"), REDIRECT, VERIFIER, resource("quickstart"));

        String access = tokens.get("access_token").asText();
        assertEquals("Bearer", tokens.get("token_type").asText());
        assertEquals("mcp", tokens.get("scope").asText());
        assertTrue(tokens.get("expires_in").asLong() > 0);
        assertTrue(tokens.get("refresh_token").asText().startsWith("ghr_"));
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), access, TOOLS_CALL).statusCode());
        AuditEvent call = audit().stream().filter(e -> e.kind() == AuditKind.CALL_STARTED
                && access.startsWith(e.tokenPublicId())).findFirst().orElseThrow();
        assertEquals("alice", call.tokenIssuedBy());
        assertEquals("Flow client", call.hostName());
    }

    @Test
    void tokenWhenUsedOnAnotherGatewayThen401() throws Exception {
        String clientId = register("Audience client");
        String access = exchange(clientId, code(clientId, "quickstart", "alice"), REDIRECT, VERIFIER, resource("quickstart"))
                .get("access_token").asText();

        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("other"), access, INITIALIZE);

        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().endsWith("error=\"invalid_token\""));
    }

    @Test
    void tokenRequestWhenVerifierWrongThenInvalidGrant() throws Exception {
        String clientId = register("c");
        HttpResponse<String> r = token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", code(clientId, "quickstart", "alice"), "redirect_uri", REDIRECT,
                "code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier-0", "resource", resource("quickstart")));

        assertError(r, 400, "invalid_grant");
    }

    @Test
    void tokenRequestWhenCodeReusedThenInvalidGrantAndTheFirstTokenRevoked() throws Exception {
        String clientId = register("c");
        String code = code(clientId, "quickstart", "alice");
        String access = exchange(clientId, code, REDIRECT, VERIFIER, resource("quickstart")).get("access_token").asText();

        assertError(token(codeForm(clientId, code, REDIRECT, VERIFIER, resource("quickstart"))), 400, "invalid_grant");
        assertEquals(401, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());
    }

    @Test
    void tokenRequestWhenResourceDiffersThenInvalidTarget() throws Exception {
        String clientId = register("c");

        assertError(token(codeForm(clientId, code(clientId, "quickstart", "alice"), REDIRECT, VERIFIER, resource("other"))),
                400, "invalid_target");
    }

    @Test
    void tokenRequestWhenRedirectUriDiffersThenInvalidGrant() throws Exception {
        String clientId = register("c");

        assertError(token(codeForm(clientId, code(clientId, "quickstart", "alice"), "http://127.0.0.1:43123/other", VERIFIER,
                resource("quickstart"))), 400, "invalid_grant");
    }

    @Test
    void authorizationWhenRedirectUriNotRegisteredThenRefused() throws Exception {
        String clientId = register("c");

        assertEquals("invalid_request", assertProblem(() -> gw.gatehouse.oauth().clientFor(clientId, "https://evil.example/cb")));
    }

    @Test
    void refreshWhenUsedThenRotatedReusableWithinTheGraceWindowAndAReplayAfterItRevokesTheFamily() throws Exception {
        String clientId = register("c");
        JsonNode first = exchange(clientId, code(clientId, "quickstart", "alice"), REDIRECT, VERIFIER, resource("quickstart"));
        String oldRefresh = first.get("refresh_token").asText();

        JsonNode second = json(token(refreshForm(clientId, oldRefresh)), 200);
        JsonNode raced = json(token(refreshForm(clientId, oldRefresh)), 200); // a second process of the client, within the grace window
        assertNotEquals(oldRefresh, second.get("refresh_token").asText());
        // reuse within the grace window revokes nothing
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), second.get("access_token").asText(), INITIALIZE).statusCode());
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), raced.get("access_token").asText(), INITIALIZE).statusCode());
        gw.clock.advance(OAuthSettings.defaults().refreshGrace().plusSeconds(1));
        try {
            JsonNode newest = json(token(refreshForm(clientId, second.get("refresh_token").asText())), 200);
            String newestAccess = newest.get("access_token").asText();
            assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), newestAccess, INITIALIZE).statusCode());

            assertError(token(refreshForm(clientId, oldRefresh)), 400, "invalid_grant"); // the replay

            assertEquals(401, McpHttp.post(gw.gatewayUrl("quickstart"), newestAccess, INITIALIZE).statusCode());
            assertError(token(refreshForm(clientId, newest.get("refresh_token").asText())), 400, "invalid_grant");
            assertEquals(401, McpHttp.post(gw.gatewayUrl("quickstart"), raced.get("access_token").asText(), INITIALIZE)
                    .statusCode());
        } finally {
            gw.clock.reset();
        }
    }

    @Test
    void revocationWhenAccessTokenRevokedThenTheNextCallIs401() throws Exception {
        String clientId = register("c");
        String access = exchange(clientId, code(clientId, "quickstart", "alice"), REDIRECT, VERIFIER, resource("quickstart"))
                .get("access_token").asText();
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());

        HttpResponse<String> revoked = post("/gatehouse/oauth/revoke", form(Map.of("token", access, "client_id", clientId)));

        assertEquals(200, revoked.statusCode());
        assertEquals(401, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());
        assertEquals(200, post("/gatehouse/oauth/revoke", form(Map.of("token", "unknown"))).statusCode());
    }

    @Test
    void refusalWhenAccessTokenRevokedThenTheSame401AttributedToTheUserAndTheInteractiveHost() throws Exception {
        String clientId = register("Attributed client");
        String access = exchange(clientId, code(clientId, "quickstart", "erin"), REDIRECT, VERIFIER, resource("quickstart"))
                .get("access_token").asText();
        assertEquals(200, post("/gatehouse/oauth/revoke", form(Map.of("token", access, "client_id", clientId))).statusCode());
        String agent = "revoked-app/" + java.util.UUID.randomUUID();

        HttpResponse<String> refused = McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE, "User-Agent", agent);

        assertEquals(401, refused.statusCode());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        AuditEvent e = gw.awaitAudit(a -> agent.equals(a.userAgent()), "the refusal was not audited");
        assertEquals(AuditKind.AUTH_FAILURE, e.kind());
        assertEquals("REVOKED", e.detail());
        assertEquals(OAuthTokenFormat.publicId(access), e.tokenPublicId());
        assertEquals("erin", e.tokenIssuedBy());
        assertEquals("Attributed client", e.hostName());
        assertNotNull(e.hostId());
        assertEquals("quickstart", e.gateway());
    }

    @Test
    void auditWhenClientRegistersGetsTokensRefreshesReplaysAndRevokesThenEachIsRecordedByPublicIdOnly() throws Exception {
        String clientId = register("Audited client");
        String code = code(clientId, "quickstart", "carol");
        JsonNode first = exchange(clientId, code, REDIRECT, VERIFIER, resource("quickstart"));
        String access = first.get("access_token").asText();
        String refresh = first.get("refresh_token").asText();
        JsonNode second = json(token(refreshForm(clientId, refresh)), 200);
        assertEquals(200, post("/gatehouse/oauth/revoke", form(Map.of("token", access, "client_id", clientId))).statusCode());
        assertEquals(200, post("/gatehouse/oauth/revoke", form(Map.of("token", access, "client_id", clientId))).statusCode());
        gw.clock.advance(OAuthSettings.defaults().refreshGrace().plusSeconds(1));
        try {
            assertError(token(refreshForm(clientId, refresh)), 400, "invalid_grant"); // replayed after the grace window
        } finally {
            gw.clock.reset();
        }
        String secondRefresh = second.get("refresh_token").asText();

        List<AuditEvent> records = audit().stream()
                .filter(e -> e.kind() == AuditKind.OAUTH && e.detail() != null && e.detail().contains(clientId)).toList();
        AuditEvent registered = only(records, "oauth.client.registered " + clientId);
        assertEquals(201, registered.httpStatus());
        assertTrue(registered.detail().contains("Audited client"), registered.detail());
        AuditEvent issued = only(records, "oauth.token.issued authorization_code");
        assertEquals(OAuthTokenFormat.publicId(access), issued.tokenPublicId());
        assertTrue(issued.detail().contains("refresh " + OAuthTokenFormat.publicId(refresh)), issued.detail());
        assertEquals("carol", issued.tokenIssuedBy());
        assertEquals("quickstart", issued.gateway());
        assertEquals("Audited client", issued.hostName());
        assertEquals(Outcome.SUCCESS, issued.outcome());
        AuditEvent refreshed = only(records, "oauth.token.refreshed replaces " + OAuthTokenFormat.publicId(refresh));
        assertEquals(OAuthTokenFormat.publicId(second.get("access_token").asText()), refreshed.tokenPublicId());
        assertEquals(issued.hostId(), refreshed.hostId());
        AuditEvent replayed = only(records, "oauth.refresh.replayed");
        assertEquals(Outcome.DENIED, replayed.outcome());
        assertEquals(OAuthTokenFormat.publicId(refresh), replayed.tokenPublicId());
        assertEquals(400, replayed.httpStatus());
        assertEquals("carol", replayed.tokenIssuedBy());
        // the family still valid at the replay: the second access and refresh tokens (the first access was revoked)
        assertTrue(replayed.detail().contains("token family revoked (2 tokens)"), replayed.detail());
        AuditEvent revoked = only(records, "oauth.token.revoked access"); // the second, already revoked, wrote nothing
        assertEquals(OAuthTokenFormat.publicId(access), revoked.tokenPublicId());
        assertEquals(5, records.size(), records.toString());

        List<String> secrets = List.of(access, refresh, code, secondRefresh, second.get("access_token").asText());
        List<?> rows = gw.gatehouse.inTransaction(em -> em.createNativeQuery("SELECT * FROM gh_audit_event").getResultList());
        for (Object row : rows) {
            String text = row instanceof Object[] columns ? java.util.Arrays.deepToString(columns) : String.valueOf(row);
            for (String secret : secrets) {
                assertFalse(text.contains(secret.substring(OAuthTokenFormat.ACCESS_PREFIX.length())),
                        "an audit row holds a whole token: " + OAuthTokenFormat.publicId(secret));
            }
        }
    }

    private static AuditEvent only(List<AuditEvent> records, String detailStart) {
        List<AuditEvent> found = records.stream().filter(e -> e.detail().startsWith(detailStart)).toList();
        assertEquals(1, found.size(), detailStart + " in " + records);
        return found.get(0);
    }

    @Test
    void clientIdMetadataDocumentWhenServedThenItsClientCompletesTheFlow() throws Exception {
        String clientId = "http://127.0.0.1:" + metadataHost.getAddress().getPort() + "/clients/inspector.json";
        serve("/clients/inspector.json", "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Metadata client\","
                + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}");

        String access = exchange(clientId, code(clientId, "quickstart", "bob"), REDIRECT, VERIFIER, resource("quickstart"))
                .get("access_token").asText();

        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), access, INITIALIZE).statusCode());
    }

    @Test
    void clientIdMetadataDocumentWhenItNamesAnotherClientIdThenRefused() throws Exception {
        String clientId = "http://127.0.0.1:" + metadataHost.getAddress().getPort() + "/clients/liar.json";
        serve("/clients/liar.json", "{\"client_id\":\"https://someone.else/client.json\",\"redirect_uris\":[\"" + REDIRECT + "\"]}");

        assertEquals("invalid_client", assertProblem(() -> gw.gatehouse.oauth().clientFor(clientId, REDIRECT)));
    }

    @Test
    void registrationWhenRedirectUriDangerousOrBodyNotJsonThenRfc7591Errors() throws Exception {
        assertError(post("/gatehouse/oauth/register", "application/json",
                "{\"client_name\":\"x\",\"redirect_uris\":[\"javascript:alert(1)\"]}"), 400, "invalid_redirect_uri");
        assertError(post("/gatehouse/oauth/register", "application/json", "not json"), 400, "invalid_client_metadata");
        assertError(post("/gatehouse/oauth/register", "text/plain", "{}"), 400, "invalid_client_metadata");
    }

    @Test
    void refusalWhenTheBodyWasNotReadThenTheAnswerClosesTheConnectionSoNoClientReusesIt() throws Exception {
        // the container closes a connection that still holds unread body bytes; a client that pooled it
        // would send its next request into the close ("header parser received no bytes")
        HttpResponse<String> registration = post("/gatehouse/oauth/register", "text/plain", "{}");
        HttpResponse<String> token = post("/gatehouse/oauth/token", "application/json", "{\"grant_type\":\"password\"}");

        assertError(registration, 400, "invalid_client_metadata");
        assertEquals("close", registration.headers().firstValue("Connection").orElse(null));
        assertEquals(400, token.statusCode(), token.body());
        assertEquals("close", token.headers().firstValue("Connection").orElse(null));
        assertFalse(register("after a refusal").isEmpty());
    }

    @Test
    void corsWhenBrowserClientPreflightsTheMcpEndpointThenAllowedWithoutAToken() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gatewayUrl("quickstart")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:6274")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, mcp-session-id").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        HttpResponse<String> challenge = HTTP.send(HttpRequest.newBuilder(URI.create(gw.gatewayUrl("quickstart")))
                .header("Origin", "http://localhost:6274").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, challenge.statusCode());
        assertTrue(challenge.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("WWW-Authenticate"));
        assertEquals("*", postFrom("http://localhost:6274", "/gatehouse/oauth/token", form(Map.of("grant_type", "x")))
                .headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    // ---- helpers

    private static String resource(String slug) {
        return gw.gatewayUrl(slug);
    }

    private static String register(String name) throws Exception {
        JsonNode reply = json(post("/gatehouse/oauth/register", "application/json", JSON.writeValueAsString(Map.of(
                "client_name", name, "redirect_uris", List.of("http://127.0.0.1/callback"),
                "grant_types", List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
                "token_endpoint_auth_method", "none"))), 201);
        assertEquals("none", reply.get("token_endpoint_auth_method").asText());
        return reply.get("client_id").asText();
    }

    /** What the consent page does when the user approves: a code for this client, gateway and user. */
    private static String code(String clientId, String slug, String user) {
        OAuthClient client = gw.gatehouse.oauth().clientFor(clientId, REDIRECT);
        AuthorizationRequest request = gw.gatehouse.oauth().checkRequest(client, REDIRECT, "code", "st",
                Pkce.challengeOf(VERIFIER), "S256", resource(slug), "mcp");
        return gw.gatehouse.oauth().approve(request, user);
    }

    private static JsonNode exchange(String clientId, String code, String redirect, String verifier, String resource) throws Exception {
        return json(token(codeForm(clientId, code, redirect, verifier, resource)), 200);
    }

    private static Map<String, String> codeForm(String clientId, String code, String redirect, String verifier, String resource) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("client_id", clientId);
        f.put("code", code);
        f.put("redirect_uri", redirect);
        f.put("code_verifier", verifier);
        f.put("resource", resource);
        return f;
    }

    private static Map<String, String> refreshForm(String clientId, String refresh) {
        return Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refresh);
    }

    private static HttpResponse<String> token(Map<String, String> form) throws Exception {
        return post("/gatehouse/oauth/token", form(form));
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String path, String formBody) throws Exception {
        return post(path, "application/x-www-form-urlencoded", formBody);
    }

    private static HttpResponse<String> postFrom(String origin, String path, String formBody) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(formBody)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gw.baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return json(r, 200);
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        JsonNode body = json(r, status);
        assertEquals(error, body.get("error").asText(), r.body());
        assertFalse(body.get("error_description").asText().isBlank());
    }

    private static String assertProblem(Runnable action) {
        try {
            action.run();
        } catch (dev.gatehouse.core.oauth.OAuthProblem p) {
            return p.error();
        }
        throw new AssertionError("no OAuth problem raised");
    }

    private static void serve(String path, String json) {
        metadataHost.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static List<AuditEvent> audit() {
        return gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT));
    }
}
