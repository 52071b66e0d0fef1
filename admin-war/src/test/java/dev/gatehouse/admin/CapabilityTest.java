package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.NewHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each endpoint names the capability it needs; without it: 403 naming it, nothing changed, a DENIED record. */
class CapabilityTest {
    private static final String NO_CAPABILITY = "missing capability: no Gatehouse capability is granted to this user's roles";

    private static AdminServer server;
    private static Host host;
    private static IssuedConnection connection;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("gatehouse.roles.token-issuer", "tokens:issue");
        System.setProperty("gatehouse.roles.kill-switch", "connections:disable");
        try {
            server = AdminServer.start();
        } finally {
            System.clearProperty("gatehouse.roles.token-issuer");
            System.clearProperty("gatehouse.roles.kill-switch");
        }
        host = server.gatehouse().hosts().createHost(new NewHost("Existing bot", HostKind.TOKEN, null), "seed");
        connection = server.gatehouse().connections().connect(host.id(), "quickstart", null, "seed");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("auditor", "POST", "/api/hosts", "{\"name\":\"New\",\"kind\":\"TOKEN\"}", "host.create",
                        "missing capability 'hosts:manage'"),
                Arguments.of("auditor", "DELETE", "/api/hosts/{host}", null, "host.delete",
                        "missing capability 'hosts:manage'"),
                Arguments.of("auditor", "POST", "/api/hosts/{host}/connections", "{\"gateway\":\"quickstart\"}",
                        "connection.create", "missing capability 'tokens:issue'"),
                Arguments.of("auditor", "DELETE", "/api/connections/{connection}", null, "connection.delete",
                        "missing capability 'tokens:issue'"),
                Arguments.of("operator", "POST", "/api/gateways", "{\"name\":\"Another\",\"servers\":[{\"server\":\"demo\"}]}",
                        "gateway.create", "missing capability 'gateways:manage'"),
                Arguments.of("operator", "POST", "/api/servers", "{\"name\":\"Other\",\"url\":\"http://localhost:9/mcp\"}",
                        "server.create", "missing capability 'servers:manage'"),
                Arguments.of("operator", "POST", "/api/servers/demo/test", null, "server.test",
                        "missing capability 'servers:manage'"),
                Arguments.of("nobody", "GET", "/api/servers/demo/tools", null, "server.tools",
                        "missing capability: one of 'servers:manage', 'gateways:manage'"),
                Arguments.of("auditor", "GET", "/api/servers/demo/tools", null, "server.tools",
                        "missing capability: one of 'servers:manage', 'gateways:manage'"),
                Arguments.of("nobody", "GET", "/api/logs", null, "logs.read", "missing capability 'logs:read'"),
                Arguments.of("nobody", "GET", "/api/hosts", null, "hosts.list", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/hosts/{host}", null, "host.read", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/hosts/{host}/connections", null, "connections.list", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/connections/{connection}", null, "connection.read", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/gateways", null, "gateways.list", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/gateways/quickstart", null, "gateway.read", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/servers", null, "servers.list", NO_CAPABILITY),
                Arguments.of("nobody", "GET", "/api/servers/demo", null, "server.read", NO_CAPABILITY),
                Arguments.of("nobody", "POST", "/api/hosts", "{\"name\":\"New\",\"kind\":\"TOKEN\"}", "host.create",
                        "missing capability 'hosts:manage'"),
                Arguments.of("auditor", "POST", "/api/hosts/{host}/disable", null, "host.disable",
                        "missing capability 'hosts:manage'"),
                Arguments.of("issuer", "POST", "/api/hosts/{host}/enable", null, "host.enable",
                        "missing capability 'hosts:manage'"),
                Arguments.of("issuer", "POST", "/api/connections/{connection}/disable", null, "connection.disable",
                        "missing capability 'connections:disable'"),
                Arguments.of("auditor", "POST", "/api/connections/{connection}/enable", null, "connection.enable",
                        "missing capability 'connections:disable'"),
                Arguments.of("switcher", "POST", "/api/connections/{connection}/rotate", "{\"gracePeriodSeconds\":60}",
                        "connection.rotate", "missing capability 'tokens:issue'"),
                Arguments.of("switcher", "POST", "/api/hosts/{host}/connections", "{\"gateway\":\"quickstart\"}",
                        "connection.create", "missing capability 'tokens:issue'"),
                Arguments.of("operator", "GET", "/api/logs/export?format=csv", null, "logs.export",
                        "missing capability 'logs:export'"),
                Arguments.of("issuer", "GET", "/api/logs", null, "logs.read", "missing capability 'logs:read'"),
                Arguments.of("auditor", "GET", "/api/break-glass/token-issuers", null, "token-issuers.list",
                        "missing capability 'hosts:manage'"),
                Arguments.of("issuer", "POST", "/api/break-glass/revoke-user-tokens", "{\"user\":\"seed\"}",
                        "user-tokens.revoke", "missing capability 'hosts:manage'"),
                Arguments.of("operator", "GET", "/api/settings", null, "settings.read",
                        "missing capability 'settings:manage'"),
                Arguments.of("nobody", "GET", "/api/connections/{connection}/tokens", null, "connection.tokens",
                        NO_CAPABILITY));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("refusals")
    void endpointWhenCapabilityMissingThenForbiddenNamingItNothingChangedAndDenialAudited(
            String user, String method, String template, String body, String action, String detail) {
        String path = template.replace("{host}", host.id()).replace("{connection}", connection.connection().id());
        AdminServer.State before = server.state();

        HttpResponse<String> response = body == null ? server.send(user, method, path) : server.post(user, path, body);

        assertEquals("urn:gatehouse:problem:missing-capability", assertProblem(403, detail, response).get("type").asText());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(before, server.state());
        AuditEvent denial = server.audit(1).get(0);
        assertEquals(AuditKind.ADMIN_ACTION, denial.kind());
        assertEquals(Outcome.DENIED, denial.outcome());
        assertEquals(user, denial.actor());
        assertEquals(action + ": " + detail, denial.detail());
        assertEquals(403, denial.httpStatus());
        assertNull(denial.tokenPublicId());
    }

    /**
     * Every route the API documents (and the OpenAPI test holds the document to the route table), called
     * by a user with no capability: refused naming exactly what it needs, whatever the route, nothing changed.
     */
    @Test
    void everyDocumentedRouteWhenCallerHasNoCapabilityThenForbiddenNamingWhatItNeedsAndNothingChanged()
            throws Exception {
        JsonNode paths = new ObjectMapper().readTree(Path.of("../docs/openapi.json").toFile()).get("paths");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = entry.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String capability = op.getValue().path("x-gatehouse-capability").asText();
                if (capability.equals("authenticated")) {
                    continue;
                }
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String path = "/api" + concrete(entry.getKey());
                AdminServer.State before = server.state();

                HttpResponse<String> response = method.equals("GET") || method.equals("DELETE")
                        ? server.send("nobody", method, path)
                        : server.send(server.request("nobody", path).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")));

                String expected = capability.equals("any") ? NO_CAPABILITY : capability.contains(" or ")
                        ? "missing capability: one of '" + capability.replace(" or ", "', '") + "'"
                        : "missing capability '" + capability + "'";
                assertProblem(403, expected, response);
                assertEquals(before, server.state(), method + " " + path);
                checked++;
            }
        }
        assertTrue(checked >= 25, "routes checked: " + checked);
    }

    private static String concrete(String template) {
        String path = template.replace("{slug}", "quickstart").replace("{server}", "demo").replace("{name}", "someone");
        if (path.startsWith("/hosts/")) {
            return path.replace("{id}", host.id());
        }
        if (path.startsWith("/servers/")) {
            return path.replace("{id}", "demo").replace("{tool}", "echo");
        }
        return path.replace("{id}", connection.connection().id());
    }

    @Test
    void readsWhenAnyCapabilityThenAllowed() {
        for (String user : new String[]{"admin", "operator", "auditor"}) {
            assertJson(200, server.get(user, "/api/hosts"));
            assertJson(200, server.get(user, "/api/hosts/" + host.id()));
            assertJson(200, server.get(user, "/api/hosts/" + host.id() + "/connections"));
            assertJson(200, server.get(user, "/api/gateways"));
            assertJson(200, server.get(user, "/api/servers"));
            assertJson(200, server.get(user, "/api/logs"));
        }
    }

    @Test
    void killSwitchWhenOnlyConnectionsDisableGrantedThenSwitchesButCannotIssue() {
        String id = connection.connection().id();

        assertEquals("disabled", assertJson(200, server.post("switcher", "/api/connections/" + id + "/disable", ""))
                .get("status").asText());
        assertEquals("active", assertJson(200, server.post("switcher", "/api/connections/" + id + "/enable", ""))
                .get("status").asText());
    }

    @Test
    void rotateWhenOnlyTokensIssueGrantedThenRotatesButCannotSwitch() {
        String hostId = assertJson(201, server.post("admin", "/api/hosts", "{\"name\":\"Issuer bot\",\"kind\":\"TOKEN\"}"))
                .get("id").asText();
        String id = assertJson(201, server.post("issuer", "/api/hosts/" + hostId + "/connections",
                "{\"gateway\":\"quickstart\"}")).get("id").asText();

        assertTrue(assertJson(200, server.post("issuer", "/api/connections/" + id + "/rotate", "{}"))
                .get("token").asText().startsWith("gth_"));
        assertEquals(204, server.delete("issuer", "/api/connections/" + id).statusCode());
    }

    @Test
    void operatorWhenManagingHostsAndTokensThenAllowed() {
        String id = assertJson(201, server.post("operator", "/api/hosts", "{\"name\":\"Operator bot\",\"kind\":\"TOKEN\"}"))
                .get("id").asText();
        String connectionId = assertJson(201, server.post("operator", "/api/hosts/" + id + "/connections",
                "{\"gateway\":\"quickstart\"}")).get("id").asText();
        assertEquals(204, server.delete("operator", "/api/connections/" + connectionId).statusCode());
        assertEquals(204, server.delete("operator", "/api/hosts/" + id).statusCode());
    }
}
