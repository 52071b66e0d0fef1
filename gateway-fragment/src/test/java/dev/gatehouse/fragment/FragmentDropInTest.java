package dev.gatehouse.fragment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drop-in: a small plain web application of its own (a web.xml with one servlet, no Gatehouse in
 * it) plus this module's jar in {@code WEB-INF/lib} serves the MCP endpoint under its own context
 * path, behind the bearer filter, while its own servlet keeps working. The container here is Jetty 12
 * reading the jar's {@code web-fragment.xml}; the Gatehouse runtime is handed over the way an
 * embedding server does (an application server would bind the persistence unit instead).
 */
class FragmentDropInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path folder;
    private static Server jetty;
    private static Gatehouse gatehouse;
    private static DemoMcpServer demo;
    private static String baseUrl;
    private static String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void plainWarWithTheFragmentJar() throws Exception {
        EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        gatehouse = Gatehouse.start(new GatehouseSettings("node-fragment", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of()),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        demo = DemoMcpServer.create("/mcp");
        ServletContextHandler upstream = new ServletContextHandler("/upstream");
        ServletHolder holder = new ServletHolder("demo", demo.servlet());
        holder.setAsyncSupported(true);
        upstream.addServlet(holder, "/mcp");

        WebAppContext app = new WebAppContext();
        app.setContextPath("/shop");
        app.setWar(plainWar().toString());
        app.setParentLoaderPriority(true); // the runtime handed over below is of the test's class loader
        app.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, gatehouse);
        app.setThrowUnavailableOnStartupException(true);
        jetty.setHandler(new ContextHandlerCollection(upstream, app));
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();

        UpstreamServer server = gatehouse.catalog().createServer(new NewServer("Demo", "demo", baseUrl + "/upstream/mcp",
                null, null, null, null), "admin");
        gatehouse.catalog().createGateway(new NewGateway("Shop tools", "shop-tools", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        Host host = gatehouse.hosts().createHost(new NewHost("Shop bot", HostKind.TOKEN, null), "admin");
        token = gatehouse.connections().connect(host.id(), "shop-tools", null, "alice").token();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        demo.close();
        gatehouse.close();
    }

    @Test
    void mcpEndpointAnswersUnderTheHostApplicationsContextPath() throws Exception {
        HttpResponse<String> list = mcp(token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"echo\""), list.body());

        HttpResponse<String> call = mcp(token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"from the shop\"}}}");
        assertEquals(200, call.statusCode(), call.body());
        assertTrue(call.body().contains("from the shop"), call.body());
    }

    @Test
    void bearerFilterGuardsTheEndpointInTheHostApplication() throws Exception {
        HttpResponse<String> refused = mcp(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(401, refused.statusCode());
        assertEquals("Bearer resource_metadata=\"" + baseUrl + "/shop/.well-known/oauth-protected-resource/mcp/shop-tools\", scope=\"mcp\"",
                refused.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void authorizationServerMetadataWhenFollowedFromTheChallengeThenServedByTheFragmentUnderTheHostContext() throws Exception {
        JsonNode resource = getJson(baseUrl + "/shop/.well-known/oauth-protected-resource/mcp/shop-tools");
        assertEquals(baseUrl + "/shop/mcp/shop-tools", resource.get("resource").asText());
        String issuer = resource.get("authorization_servers").get(0).asText();
        assertEquals(baseUrl + "/shop", issuer);

        // (the origin-root form /.well-known/oauth-authorization-server/shop needs the root helper or a proxy rule)
        for (String path : List.of("/shop/.well-known/oauth-authorization-server", "/shop/.well-known/openid-configuration")) {
            JsonNode metadata = getJson(baseUrl + path);
            assertEquals(issuer, metadata.get("issuer").asText(), path);
            assertEquals(baseUrl + "/shop/oauth/token", metadata.get("token_endpoint").asText(), path);
            assertEquals(baseUrl + "/shop/oauth/register", metadata.get("registration_endpoint").asText(), path);
            assertEquals(baseUrl + "/shop/oauth/revoke", metadata.get("revocation_endpoint").asText(), path);
            assertEquals("S256", metadata.get("code_challenge_methods_supported").get(0).asText(), path);
        }
    }

    @Test
    void oauthEndpointsWhenCalledInTheHostApplicationThenRegisterAndAnswerInOAuthForm() throws Exception {
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/shop/oauth/register"))
                .header("Content-Type", "application/json").header("Origin", "http://localhost:6274")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Shop client\","
                        + "\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals("*", registered.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        String clientId = JSON.readTree(registered.body()).get("client_id").asText();

        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/shop/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId
                        + "&code=ghc_wrong&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&code_verifier=x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, token.statusCode(), token.body());
        assertEquals("invalid_grant", JSON.readTree(token.body()).get("error").asText());
        HttpResponse<String> revoke = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/shop/oauth/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=unknown")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, revoke.statusCode(), revoke.body());
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"), url);
        return JSON.readTree(r.body());
    }

    @Test
    void hostApplicationKeepsItsOwnServlet() throws Exception {
        HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/shop/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("hello from the shop", hello.body());
    }

    private HttpResponse<String> mcp(String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/shop/mcp/shop-tools"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The host application: its own web.xml and servlet, and the fragment jar made of this module's classes. */
    private static Path plainWar() throws IOException {
        Path war = folder.resolve("shop");
        Files.createDirectories(war.resolve("WEB-INF/lib"));
        Files.createDirectories(war.resolve("WEB-INF/classes/shop"));
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <display-name>A shop that knew nothing of MCP</display-name>
                  <servlet>
                    <servlet-name>hello</servlet-name>
                    <servlet-class>dev.gatehouse.fragment.HelloServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>hello</servlet-name>
                    <url-pattern>/hello</url-pattern>
                  </servlet-mapping>
                </web-app>
                """);
        jar(Path.of("target/classes"), war.resolve("WEB-INF/lib/gateway-fragment.jar"));
        return war;
    }

    private static void jar(Path classes, Path jarFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
