package dev.gatehouse.servers.wildfly;

import dev.gatehouse.servers.DemoUpstream;
import dev.gatehouse.servers.GatehouseNode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP endpoint inside an application of the admin's own, as deploy-wildfly.md builds it (issue 16 item 5):
 * a plain WAR whose {@code WEB-INF/lib} holds {@code gateway-fragment}'s jar and exactly what the reactor build
 * gathers in {@code gateway-fragment/target/fragment-lib/} (nothing from a test class path), deployed on WildFly
 * beside the EAR, both on the server's default datasource. The EAR's admin API publishes a gateway; the
 * application serves it at {@code /your-app/mcp/{gateway}} behind the bearer filter, and its own page still.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FragmentInYourApplicationIT {
    private static final String APP = "/your-app";

    @Deployment(name = "gatehouse", order = 1, testable = false)
    static EnterpriseArchive gatehouseEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("gatehouse.ear")));
    }

    @Deployment(name = "your-app", order = 2, testable = false)
    static WebArchive yourApplication() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "your-app.war")
                .addAsWebResource(new StringAsset("<p>your application's own page</p>"), "index.html")
                .setWebXML(new StringAsset("""
                        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                          <display-name>your application</display-name>
                        </web-app>
                        """));
        war.addAsLibraries(new File(System.getProperty("gatehouse.fragment.jar")));
        try (Stream<Path> lib = Files.list(Path.of(System.getProperty("gatehouse.fragment.lib")))) {
            lib.forEach(jar -> war.addAsLibraries(jar.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("no fragment-lib: build gateway-fragment first", e);
        }
        return war;
    }

    @Test
    void fragmentWithItsGatheredLibrariesWhenDeployedInAPlainWarThenServesTheGatewayAndTheAppItsPage() throws Exception {
        String base = System.getProperty("gatehouse.it.base-url");
        GatehouseNode admin = GatehouseNode.ear(base);
        GatehouseNode yourApp = new GatehouseNode(base, APP, admin.adminContext());
        String slug = "fragment-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> list;
        try (DemoUpstream upstream = DemoUpstream.start()) {
            admin.publish(slug, upstream.url());
            String token = admin.connectNewHost("Fragment bot " + slug, slug).get("token").asText();

            list = yourApp.mcp(slug, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", null);
        }
        HttpResponse<String> anonymous = yourApp.mcp(slug, null, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", null);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + APP + "/index.html"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"echo\""), list.body());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "), anonymous.headers().map().toString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("your application's own page"), page.body());
    }
}
