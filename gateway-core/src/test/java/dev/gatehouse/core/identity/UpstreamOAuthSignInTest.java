package dev.gatehouse.core.identity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.IdentityUse;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gatehouse's upstream OAuth client's sign-in, against real HTTP discovery documents (an MCP server's 401, its
 * protected resource metadata, two authorization servers' RFC 8414 metadata) and token endpoint. Which client id
 * it names itself by, in the MCP authorization spec's order (2025-11-25, "Client Registration"): a client the admin
 * entered; else, where the authorization server says {@code client_id_metadata_document_supported}, the https URL of
 * Gatehouse's Client ID Metadata Document, with no registration request; else dynamic registration (RFC 7591).
 * And the scope step-up ("Scope Challenge Handling"): an {@code insufficient_scope} challenge marks the OAuth
 * identity needs-reauthorization and its next sign-in asks for the union of its scope and the challenged one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamOAuthSignInTest {
    private static final String DOCUMENT = "https://gatehouse.example/gatehouse-admin/identities/client-metadata.json";
    private static final String CALLBACK = "https://gatehouse.example/gatehouse-admin/identities/callback";
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    private HttpServer upstream;
    private Gatehouse gatehouse;
    private String base;

    @BeforeAll
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        upstream.createContext("/", this::answer);
        upstream.start();
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        GatehouseSettings settings = new GatehouseSettings("node", new byte[32], SecretBox.newEncodedKey(), Duration.ofSeconds(5),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        System.setProperty("gatehouse.upstream-oauth-allow-private-hosts", "true");
        try {
            gatehouse = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        } finally {
            System.clearProperty("gatehouse.upstream-oauth-allow-private-hosts");
        }
    }

    @AfterAll
    void stop() {
        gatehouse.close();
        upstream.stop(0);
    }

    /**
     * {@code /{as}/mcp}: an MCP server answering 401 with its resource metadata, whose authorization server is
     * {@code /{as}}: {@code cimd} advertises Client ID Metadata Documents and registration, {@code dcr} registration only.
     */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String as = path.contains("/cimd") ? "cimd" : "dcr";
        exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/mcp") && !path.startsWith("/.well-known")) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer resource_metadata=\"" + base
                    + "/.well-known/oauth-protected-resource/" + as + "/mcp\"");
            send(exchange, 401, "{}");
        } else if (path.startsWith("/.well-known/oauth-protected-resource/")) {
            send(exchange, 200, "{\"resource\":\"" + base + "/" + as + "/mcp\",\"authorization_servers\":[\"" + base + "/" + as
                    + "\"],\"scopes_supported\":[\"mcp:basic\"]}");
        } else if (path.startsWith("/.well-known/oauth-authorization-server/")) {
            send(exchange, 200, "{\"issuer\":\"" + base + "/" + as + "\",\"authorization_endpoint\":\"" + base + "/" + as
                    + "/authorize\",\"token_endpoint\":\"" + base + "/" + as + "/token\",\"registration_endpoint\":\"" + base + "/"
                    + as + "/register\",\"code_challenge_methods_supported\":[\"S256\"],\"token_endpoint_auth_methods_supported\":[\"none\"]"
                    + (as.equals("cimd") ? ",\"client_id_metadata_document_supported\":true" : "") + "}");
        } else if (path.endsWith("/token")) {
            send(exchange, 200, "{\"access_token\":\"at-" + tokens.incrementAndGet() + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":3600,\"scope\":\"mcp:basic\"}");
        } else if (path.endsWith("/register")) {
            registrations.incrementAndGet();
            send(exchange, 201, "{\"client_id\":\"registered-" + registrations.get() + "\"}");
        } else {
            send(exchange, 404, "{}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String server(String as) {
        String slug = as + "-" + UUID.randomUUID().toString().substring(0, 8);
        gatehouse.catalog().createServer(new NewServer(slug, slug, base + "/" + as + "/mcp", null, null, null, null), "admin");
        return slug;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private String clientIdOfSignIn(String server, String document) throws Exception {
        return query(gatehouse.upstreamOAuth().start(server, "alice", new UpstreamOAuth.ClientIdentity(CALLBACK, document), null)
                .authorizationUrl()).get("client_id");
    }

    @Test
    void signInWhenTheAuthorizationServerTakesMetadataDocumentsThenTheDocumentUrlIsTheClientIdAndNothingIsRegistered() throws Exception {
        String server = server("cimd");
        int before = registrations.get();

        assertEquals(DOCUMENT, clientIdOfSignIn(server, DOCUMENT));
        assertEquals(DOCUMENT, clientIdOfSignIn(server, DOCUMENT), "the same client on the next sign-in");

        assertEquals(before, registrations.get(), "no dynamic registration");
    }

    @Test
    void signInWhenGatehouseHasNoHttpsDocumentThenItRegistersDynamically() throws Exception {
        String server = server("cimd");
        int before = registrations.get();

        String clientId = clientIdOfSignIn(server, "http://gatehouse.example/gatehouse-admin/identities/client-metadata.json");

        assertEquals("registered-" + (before + 1), clientId, "an http URL is no client id: registration instead");
    }

    @Test
    void signInWhenTheAuthorizationServerDoesNotTakeMetadataDocumentsThenItRegistersDynamically() throws Exception {
        String server = server("dcr");
        int before = registrations.get();

        assertEquals("registered-" + (before + 1), clientIdOfSignIn(server, DOCUMENT));
    }

    @Test
    void signInWhenTheAdminEnteredAClientThenThatOneWinsOverTheDocument() throws Exception {
        String server = server("cimd");
        gatehouse.upstreamOAuth().enterClient(server, "entered-by-admin", null, CALLBACK);

        assertEquals("entered-by-admin", clientIdOfSignIn(server, DOCUMENT));
    }

    private UpstreamIdentity signIn(String server, String owner) throws Exception {
        UpstreamOAuth.SignIn signIn = gatehouse.upstreamOAuth().start(server, owner, CALLBACK, null);
        String state = query(signIn.authorizationUrl()).get("state");
        return gatehouse.upstreamOAuth().complete(state, "the-code", null, signIn.binding(), owner).identity();
    }

    private static IdentityUse use(UpstreamIdentity identity) {
        return new IdentityUse(IdentityScheme.PER_USER, identity.id(), identity.owner(), identity.subject(), null);
    }

    @Test
    void stepUpWhenTheUpstreamAsksForMoreScopeThenReauthorizationWithTheUnionOfScopes() throws Exception {
        String server = server("dcr");
        UpstreamIdentity granted = signIn(server, "carol");
        assertEquals("mcp:basic", granted.scope());

        Optional<String> message = gatehouse.upstreamOAuth().stepUp(use(granted), server, "mcp:write mcp:basic");

        assertTrue(message.orElseThrow().contains("Server '" + server + "' asks for more permission than your identity grants"
                + " (scope 'mcp:basic mcp:write'): sign in to it again under Identities"), message.get());
        UpstreamIdentity marked = gatehouse.identities().find(granted.id()).orElseThrow();
        assertEquals(UpstreamIdentity.Status.NEEDS_REAUTHORIZATION, marked.status());
        assertEquals("mcp:basic mcp:write", marked.wantedScope());
        String again = gatehouse.upstreamOAuth().start(server, "carol", CALLBACK, null).authorizationUrl();
        assertEquals("mcp:basic mcp:write", query(again).get("scope"), "the union: nothing granted before is lost");
        assertEquals("mcp:basic", query(gatehouse.upstreamOAuth().start(server, "dave", CALLBACK, null).authorizationUrl())
                .get("scope"), "another user's sign-in asks for the server's scope only");

        UpstreamIdentity renewed = signIn(server, "carol");

        assertEquals(granted.id(), renewed.id());
        assertEquals(UpstreamIdentity.Status.ACTIVE, renewed.status());
        assertNull(renewed.wantedScope(), "a new grant ends the step-up");
    }

    @Test
    void stepUpWhenTheChallengeIsMalformedOrTheIdentityAPastedSecretThenNothingChanges() throws Exception {
        String server = server("dcr");
        UpstreamIdentity granted = signIn(server, "erin");
        UpstreamIdentity secret = gatehouse.identities().putSecret(server, "frank", "Authorization", "Bearer pat", "frank");

        assertTrue(gatehouse.upstreamOAuth().stepUp(use(granted), server, "mcp:write\u0000").isEmpty());
        assertTrue(gatehouse.upstreamOAuth().stepUp(use(granted), server, "a\"b").isEmpty());
        assertTrue(gatehouse.upstreamOAuth().stepUp(use(secret), server, "mcp:write").isEmpty(), "a secret cannot be widened");

        assertEquals(UpstreamIdentity.Status.ACTIVE, gatehouse.identities().find(granted.id()).orElseThrow().status());
        assertEquals(UpstreamIdentity.Status.ACTIVE, gatehouse.identities().find(secret.id()).orElseThrow().status());
    }
}
