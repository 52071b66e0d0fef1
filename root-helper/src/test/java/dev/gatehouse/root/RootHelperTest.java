package dev.gatehouse.root;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The root helper WAR, deployed at "/" on Jetty from its web.xml: discovery paths redirected, the rest 404 JSON. */
class RootHelperTest {
    private static Server server;
    private static String origin;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        origin = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @ParameterizedTest
    @CsvSource({
            "/.well-known/oauth-authorization-server/gatehouse, /gatehouse/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration/gatehouse, /gatehouse/.well-known/openid-configuration",
            "/.well-known/oauth-protected-resource/gatehouse/mcp/quickstart, /gatehouse/.well-known/oauth-protected-resource/mcp/quickstart"})
    void getWhenDiscoveryPathAtTheRootThenPermanentRedirectIntoTheGatewayWar(String path, String target) throws Exception {
        HttpResponse<String> r = get(path);

        assertEquals(308, r.statusCode());
        assertEquals(target, r.headers().firstValue("Location").orElseThrow());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/other",
            "/.well-known/oauth-protected-resource/gatehouse/mcp/Bad_Slug", "/.well-known/oauth-protected-resource/gatehouse/mcp/a/b"})
    void getWhenAnythingElseThen404Json(String path) throws Exception {
        HttpResponse<String> r = get(path);

        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"not_found\"}", r.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(origin + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
