package dev.gatehouse.launcher;

import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.UpstreamOAuth;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.IdentityUse;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamHandshake;
import dev.gatehouse.core.upstream.UpstreamProbe;
import dev.gatehouse.core.upstream.UpstreamRequest;
import dev.gatehouse.core.upstream.UpstreamResponse;
import jakarta.persistence.EntityManagerFactory;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar gatehouse.jar upstream-auth-client SERVER-URL}: Gatehouse's upstream OAuth client run once
 * from the command line, as the official conformance suite's client mode ({@code @modelcontextprotocol/conformance
 * client --command …}) drives a client under test. It uses the product's own classes on a throw-away in-memory
 * database: the server registered as the gateway's admin would, {@link UpstreamOAuth#start} (discovery from
 * the 401, RFC 9728 / 8414 / OpenID metadata, dynamic registration or a Client ID Metadata Document, PKCE,
 * resource, scope), the browser's visit to the authorization endpoint (whose redirect is read, not followed),
 * {@link UpstreamOAuth#complete} at the callback, then the MCP session the gateway opens with the stored
 * identity ({@link UpstreamProbe}: initialize, tools/list) and a call of the first tool, where an
 * {@code insufficient_scope} challenge leads to one step-up ({@link UpstreamOAuth#stepUp}, a second sign-in with
 * the union of scopes, the call again). {@code --client-metadata-url} is the https URL at which
 * Gatehouse's Client ID Metadata Document is served (the admin WAR serves it at
 * {@code /gatehouse-admin/identities/client-metadata.json}; this command serves nothing, and the suite's
 * authorization server names the URL it expects). A client id (and secret) in the suite's
 * {@code MCP_CONFORMANCE_CONTEXT} is entered as an admin enters one ({@link UpstreamOAuth#enterClient}: a
 * pre-registered client, no dynamic registration). Exit status 0 when the server answered with the
 * identity, 1 otherwise; the steps are printed to standard output, never a secret.
 */
final class UpstreamAuthClientCommand {
    static final String NAME = "upstream-auth-client";
    private static final String USER = "conformance";
    /** Gatehouse's callback as the browser would reach it; the authorization server's redirect is only read. */
    private static final String CALLBACK = "http://localhost:8080/gatehouse-admin/identities/callback";
    private static final Duration STEP = Duration.ofSeconds(20);

    private UpstreamAuthClientCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String metadataDocument = null;
        int next = 0;
        if (args.length == 3 && args[0].equals("--client-metadata-url")) {
            metadataDocument = args[1];
            next = 2;
        }
        if (args.length != next + 1 || args[next].startsWith("-")
                || metadataDocument != null && !metadataDocument.startsWith("https://")) {
            err.println("Usage: java -jar gatehouse.jar upstream-auth-client [--client-metadata-url HTTPS-URL] SERVER-URL");
            return 2;
        }
        String url = args[next];
        String document = metadataDocument;
        String db = "jdbc:h2:mem:upstream-auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try {
            Path data = Files.createTempDirectory("gatehouse-upstream-auth");
            EntityManagerFactory emf = GatehousePersistence.open(db, "sa", "");
            try (Gatehouse gatehouse = Gatehouse.start(KeyStoreFile.load(data, SettingsSource.system()),
                    new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close)) {
                return signInAndCall(gatehouse, url, document, out) ? 0 : 1;
            }
        } catch (Exception e) {
            err.println("gatehouse upstream-auth-client: " + e.getMessage());
            return 1;
        }
    }

    private static boolean signInAndCall(Gatehouse gatehouse, String url, String metadataDocument, PrintStream out) throws Exception {
        gatehouse.catalog().createServer(new NewServer("Upstream", "upstream", url, null, null, null, STEP), USER);
        UpstreamOAuth oauth = gatehouse.upstreamOAuth();
        String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
        if (context != null) { // a client registered by hand at the authorization server, as an admin enters it
            com.fasterxml.jackson.databind.JsonNode given = new com.fasterxml.jackson.databind.ObjectMapper().readTree(context);
            if (given.path("client_id").isTextual()) {
                oauth.enterClient("upstream", given.get("client_id").asText(),
                        given.path("client_secret").isTextual() ? given.get("client_secret").asText() : null, CALLBACK);
                out.println("client entered by hand: " + given.get("client_id").asText());
            }
        }
        UpstreamOAuth.ClientIdentity client = new UpstreamOAuth.ClientIdentity(CALLBACK, metadataDocument);
        UpstreamServer server = signIn(gatehouse, oauth, client, out);
        UpstreamProbe.Outcome outcome = new UpstreamProbe(gatehouse.upstream()).probe(server, UpstreamProbe.Scope.TOOLS)
                .get(STEP.toSeconds() * 2, TimeUnit.SECONDS);
        out.println("MCP session with the identity: " + outcome);
        if (!(outcome instanceof UpstreamProbe.Reachable reachable)) {
            return false;
        }
        if (reachable.tools().isEmpty()) {
            return true;
        }
        // a call of its first tool, as a gateway forwards one; an insufficient_scope challenge is a step-up: the
        // identity needs re-authorization with the wider scope (the gateway's -32060), the user signs in once more
        String tool = reachable.tools().get(0).path("name").asText();
        UpstreamResponse reply = call(gatehouse, server, tool);
        if (reply instanceof UpstreamResponse.Refused refused && refused.insufficientScope() != null) {
            java.util.Optional<String> stepUp = oauth.stepUp(server.identity(), "upstream", refused.insufficientScope());
            out.println("tools/call " + tool + ": 403 insufficient_scope, " + stepUp.orElse("no step-up"));
            if (stepUp.isEmpty()) {
                return false;
            }
            server = signIn(gatehouse, oauth, client, out);
            reply = call(gatehouse, server, tool); // once: a second refusal is the answer (no sign-in loop)
        }
        out.println("tools/call " + tool + ": " + reply.getClass().getSimpleName());
        return !(reply instanceof UpstreamResponse.Refused || reply instanceof UpstreamResponse.Failed);
    }

    /** A sign-in as the user makes it in the browser; the server as a gateway calls it with the stored identity. */
    private static UpstreamServer signIn(Gatehouse gatehouse, UpstreamOAuth oauth, UpstreamOAuth.ClientIdentity client,
                                         PrintStream out) throws Exception {
        UpstreamOAuth.SignIn signIn = oauth.start("upstream", USER, client, null);
        out.println("authorization request: " + withoutQuery(signIn.authorizationUrl()));
        Map<String, String> answer = visit(signIn.authorizationUrl());
        UpstreamOAuth.Completed done = oauth.complete(answer.get("state"), answer.get("code"), answer.get("error"),
                signIn.binding(), USER);
        out.println("signed in: identity " + done.identity().id() + " (" + done.identity().kind() + ")");
        IdentityStore.Standing standing = gatehouse.identities().standing(done.identity().id()).orElseThrow();
        return gatehouse.catalog().server("upstream").orElseThrow().as(new IdentityUse(
                IdentityScheme.PER_USER, done.identity().id(), USER, null, null, true), standing.credential());
    }

    /** {@code tools/call} of {@code tool} (no arguments) in a session opened as a gateway opens one. */
    private static UpstreamResponse call(Gatehouse gatehouse, UpstreamServer server, String tool) throws Exception {
        UpstreamHandshake.Opening opening = new UpstreamHandshake(gatehouse.upstream(), UpstreamClient.VERSION)
                .open(server, McpMethods.GATEWAY_PROTOCOL_VERSION, "{}").get(STEP.toSeconds(), TimeUnit.SECONDS);
        if (!(opening instanceof UpstreamHandshake.Opening.Ready ready)) {
            return ((UpstreamHandshake.Opening.Unavailable) opening).reply();
        }
        com.fasterxml.jackson.databind.node.ObjectNode message = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("jsonrpc", "2.0").put("id", "gatehouse-call-1").put("method", "tools/call");
        message.putObject("params").put("name", tool).putObject("arguments");
        UpstreamResponse reply = gatehouse.upstream().post(server, new UpstreamRequest(
                message.toString().getBytes(StandardCharsets.UTF_8), ready.link().sessionId(), ready.link().protocolVersion(), null))
                .get(STEP.toSeconds(), TimeUnit.SECONDS);
        if (reply instanceof UpstreamResponse.Stream stream) {
            stream.events().cancel(); // its answer is not needed here, only that the server took the call
        }
        return reply;
    }

    /**
     * The user's browser at the authorization endpoint: one GET, whose redirect back to the callback is read
     * (code, state, or error), as the browser would carry it to Gatehouse.
     */
    private static Map<String, String> visit(String authorizationUrl) throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(STEP).build();
        HttpResponse<Void> r = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).timeout(STEP).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("the authorization endpoint answered " + r.statusCode()
                        + " without a redirect"));
        String query = URI.create(location).getRawQuery();
        Map<String, String> params = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
