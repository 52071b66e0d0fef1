package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.admin.http.Route;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Access;
import dev.gatehouse.admin.security.CapabilityPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/openapi.json} is what the WAR serves, byte for byte, and it documents exactly the routes of
 * {@link AdminRoutes}, each with the capability the route table requires.
 */
class OpenApiDocumentTest {
    private static final Path DOCUMENT = Path.of("../docs/openapi.json");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static List<Route> routes;
    private static JsonNode paths;

    @BeforeAll
    static void start() throws Exception {
        AdminSettings settings = new AdminSettings(Optional.empty(), "/gatehouse", CapabilityPolicy.defaults(), 65536, Optional.empty());
        routes = AdminRoutes.build(server.gatehouse(), settings, new AdminActions(server.gatehouse().audit())).routes();
        paths = new ObjectMapper().readTree(DOCUMENT.toFile()).get("paths");
    }

    @Test
    void servedDocumentWhenAuthenticatedThenIdenticalToTheOneInDocs() throws Exception {
        HttpResponse<byte[]> response = server.client().send(server.request("nobody", "/api/openapi.json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(Files.readAllBytes(DOCUMENT), response.body());
    }

    @Test
    void documentWhenComparedWithTheRouteTableThenEveryRouteAndNothingElse() {
        TreeSet<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT)
                    + " " + path.getKey()));
        }
        TreeSet<String> routed = new TreeSet<>();
        routes.forEach(r -> routed.add(r.method() + " " + r.path()));

        assertEquals(routed, documented);
    }

    @Test
    void documentWhenReadForEachRouteThenNamesTheCapabilityItNeeds() {
        for (Route route : routes) {
            JsonNode operation = paths.get(route.path().toString()).get(route.method().toLowerCase(Locale.ROOT));
            assertEquals(capability(route.access()), operation.path("x-gatehouse-capability").asText(), route::toString);
            assertTrue(operation.path("responses").has("401"), route::toString);
        }
    }

    @Test
    void servedDocumentWhenAnonymousThenUnauthorized() {
        assertEquals(401, server.send(server.request(null, "/api/openapi.json").GET()).statusCode());
    }

    private static String capability(Access access) {
        if (access instanceof Access.Requires requires) {
            return requires.required().wireName();
        }
        if (access instanceof Access.RequiresOneOf oneOf) {
            return oneOf.first().wireName() + " or " + oneOf.second().wireName();
        }
        return access instanceof Access.AnyCapability ? "any" : "authenticated";
    }
}
