package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input the database could not store, fields the API does not know and control characters are refused with a
 * 400 problem that names the fault, before the database sees them, on every writing route (docs/security-tests.md,
 * rows 625-632): never "the database is not available" (503), and nothing is written.
 */
class InputLimitsTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    /** Longer than every text column of the schema, shorter than the 64 KiB body limit. */
    private static final String HUGE = "a".repeat(60_000);

    @Test
    void putAssignmentWhenTheAllowListIsTooLongToStoreThen400NamingTheLimitAndNothingWritten() {
        String names = IntStream.range(0, 2000).mapToObj(i -> "\"tool_number_" + i + "\"").collect(Collectors.joining(","));
        AdminServer.State before = server.state();

        HttpResponse<String> response = server.put("admin", "/api/gateways/quickstart/servers/demo",
                "{\"tools\":{\"mode\":\"selected\",\"allow\":[" + names + "]}}");

        JsonNode problem = assertProblem(400, response);
        String detail = problem.get("detail").asText();
        assertTrue(detail.startsWith("'tools.allow' names 2000 items of ") && detail.endsWith("at most 8000 characters in all are kept"),
                detail);
        assertEquals(before, server.state());
    }

    @Test
    void putAssignmentWhenTheAllowListFitsThenStoredWhole() {
        String names = IntStream.range(0, 300).mapToObj(i -> "\"tool_" + i + "\"").collect(Collectors.joining(","));
        assertJson(200, server.put("admin", "/api/gateways/quickstart/servers/demo",
                "{\"tools\":{\"mode\":\"selected\",\"allow\":[" + names + "]}}"));
        assertEquals(300, server.gatehouse().catalog().gateway("quickstart").orElseThrow().servers().get(0).tools().selected().size());
        assertJson(200, server.put("admin", "/api/gateways/quickstart/servers/demo", "{}"));
    }

    /** Every text field of every writing route, given 60,000 characters: a 400 naming the field, never a 5xx. */
    static Stream<Arguments> overlongFields() {
        return Stream.of(
                Arguments.of("POST", "/api/hosts", "{\"name\":\"%s\",\"kind\":\"TOKEN\"}", "name"),
                Arguments.of("POST", "/api/hosts", "{\"name\":\"A\",\"kind\":\"TOKEN\",\"description\":\"%s\"}", "description"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"%s\"}", "name"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"G\",\"slug\":\"%s\"}", "slug"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"G\",\"description\":\"%s\"}", "description"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"G\",\"servers\":[{\"server\":\"demo\",\"toolPrefix\":\"%s\"}]}", "toolPrefix"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"G\",\"servers\":[{\"server\":\"%s\"}]}", "server"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"%s\",\"url\":\"http://localhost:1/mcp\"}", "name"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"S\",\"slug\":\"%s\",\"url\":\"http://localhost:1/mcp\"}", "slug"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/%s\"}", "url"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/mcp\",\"authHeaderName\":\"%s\","
                        + "\"authSecret\":\"s\"}", "authHeaderName"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/mcp\",\"authHeaderName\":\"X-Key\","
                        + "\"authSecret\":\"%s\"}", "authSecret"),
                Arguments.of("PATCH", "/api/servers/demo", "{\"name\":\"%s\"}", "name"),
                Arguments.of("PATCH", "/api/servers/demo", "{\"url\":\"http://localhost:1/%s\"}", "url"),
                Arguments.of("PATCH", "/api/servers/demo", "{\"authSecret\":\"%s\"}", "authSecret"),
                Arguments.of("PUT", "/api/gateways/quickstart/naming", "{\"prefixMode\":\"always\",\"separator\":\"%s\"}", "separator"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"toolPrefix\":\"%s\"}", "toolPrefix"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"tools\":{\"mode\":\"selected\",\"allow\":[\"%s\"]}}",
                        "tools.allow"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"resources\":{\"mode\":\"selected\",\"allow\":[\"%s\"]}}",
                        "resources.allow"),
                Arguments.of("POST", "/api/limits", "{\"name\":\"%s\",\"scope\":\"host\",\"perSecond\":1}", "name"),
                Arguments.of("POST", "/api/limits", "{\"name\":\"L\",\"gateway\":\"%s\",\"scope\":\"host\",\"perSecond\":1}", "gateway"),
                Arguments.of("POST", "/api/limits", "{\"name\":\"L\",\"host\":\"%s\",\"scope\":\"host\",\"perSecond\":1}", "host"),
                Arguments.of("POST", "/api/gateways/quickstart/rules", "{\"name\":\"%s\",\"hook\":\"both\",\"tools\":\"*\","
                        + "\"detect\":{\"type\":\"builtin\",\"detectors\":[\"email\"]},\"action\":{\"type\":\"redact\"}}", "name"),
                Arguments.of("POST", "/api/gateways/quickstart/rules", "{\"name\":\"R\",\"description\":\"%s\",\"hook\":\"both\","
                        + "\"tools\":\"*\",\"detect\":{\"type\":\"builtin\",\"detectors\":[\"email\"]},\"action\":{\"type\":\"redact\"}}",
                        "description"),
                Arguments.of("POST", "/api/gateways/quickstart/rules", "{\"name\":\"R\",\"hook\":\"both\",\"tools\":\"%s\","
                        + "\"detect\":{\"type\":\"builtin\",\"detectors\":[\"email\"]},\"action\":{\"type\":\"redact\"}}", "tools"),
                Arguments.of("PUT", "/api/alerts", "{\"webhookUrl\":\"https://example.com/%s\"}", "webhookUrl"),
                Arguments.of("PUT", "/api/alerts", "{\"emailTo\":[\"%s@example.com\"]}", "emailTo"),
                Arguments.of("PUT", "/api/alerts", "{\"webhookUrl\":\"https://example.com/h\",\"secret\":\"%s\"}", "secret"),
                Arguments.of("POST", "/api/audit-sinks", "{\"name\":\"%s\",\"kind\":\"syslog-tcp\",\"target\":\"localhost:1\"}", "name"),
                Arguments.of("POST", "/api/audit-sinks", "{\"name\":\"N\",\"kind\":\"syslog-tcp\",\"target\":\"%s:1\"}", "target"),
                Arguments.of("POST", "/api/audit-sinks", "{\"name\":\"N\",\"kind\":\"http\",\"url\":\"https://example.com/%s\"}", "url"),
                Arguments.of("POST", "/api/identities", "{\"server\":\"demo\",\"secret\":\"%s\"}", "secret"),
                Arguments.of("POST", "/api/identities", "{\"server\":\"demo\",\"headerName\":\"%s\",\"secret\":\"s\"}", "headerName"),
                Arguments.of("POST", "/api/identities", "{\"server\":\"demo\",\"owner\":\"%s\",\"secret\":\"s\"}", "owner"),
                Arguments.of("POST", "/api/identities", "{\"server\":\"%s\",\"secret\":\"s\"}", "server"),
                Arguments.of("PUT", "/api/servers/demo/oauth-client", "{\"clientId\":\"%s\"}", "clientId"),
                Arguments.of("POST", "/api/hosts/none/connections", "{\"gateway\":\"%s\"}", "gateway"),
                Arguments.of("POST", "/api/break-glass/revoke-user-tokens", "{\"user\":\"%s\"}", "user"));
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("overlongFields")
    void writeWhenATextFieldIsLongerThanItsColumnThen400NamingItAndNothingWritten(String method, String path, String template,
                                                                                  String field) {
        AdminServer.State before = server.state();

        HttpResponse<String> response = send(method, path, template.replace("%s", HUGE));

        assertTrue(response.statusCode() == 400 || response.statusCode() == 404, response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        String detail = ApiAssertions.json(response).get("detail").asText();
        assertFalse(detail.contains("database"), detail);
        assertTrue(detail.length() < 600, detail); // the problem names the fault; it never echoes the value
        assertEquals(before, server.state());
    }

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                Arguments.of("POST", "/api/hosts", "{\"name\":\"H\",\"kind\":\"TOKEN\",\"isAdmin\":true}", "'isAdmin' is not a known field"),
                Arguments.of("POST", "/api/limits", "{\"name\":\"L\",\"scope\":\"host\",\"perSecond\":1,\"burst\":9}",
                        "'burst' is not a known field"),
                Arguments.of("POST", "/api/gateways", "{\"name\":\"G\",\"servers\":[{\"server\":\"demo\",\"weight\":2}]}",
                        "'servers[0].weight' is not a known field"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"tools\":{\"mode\":\"all\",\"deny\":[\"x\"]}}",
                        "'tools.deny' is not a known field"),
                Arguments.of("PUT", "/api/alerts", "{\"webhookUrl\":\"https://example.com/h\",\"severity\":\"high\"}",
                        "'severity' is not a known field"),
                Arguments.of("POST", "/api/identities", "{\"server\":\"demo\",\"secret\":\"s\",\"scope\":\"all\"}",
                        "'scope' is not a known field"),
                Arguments.of("POST", "/api/gateways/quickstart/rules/try", "{\"rule\":{},\"hook\":\"request\",\"payload\":{},"
                        + "\"dryRun\":false}", "'dryRun' is not a known field"),
                Arguments.of("POST", "/api/gateways/quickstart/rules", "{\"name\":\"R\",\"hook\":\"both\",\"tools\":\"*\","
                        + "\"detect\":{\"type\":\"always\",\"score\":1},\"action\":{\"type\":\"block\",\"notify\":true},"
                        + "\"severity\":\"high\"}", "'severity' is not a known field"),
                Arguments.of("POST", "/api/gateways/quickstart/rules", "{\"name\":\"R\",\"hook\":\"both\",\"tools\":\"*\","
                        + "\"detect\":{\"type\":\"always\",\"score\":1},\"action\":{\"type\":\"block\"}}",
                        "'detect.score' is not a known field"));
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("unknownFields")
    void writeWhenTheBodyHasAFieldTheRouteDoesNotKnowThen400NamingItAndNothingWritten(String method, String path, String body,
                                                                                      String detail) {
        assertRefusedAndNothingWritten(method, path, body, detail);
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("POST", "/api/hosts", "{\"name\":\"A\\u0000B\",\"kind\":\"TOKEN\"}", "'name' must not contain control characters"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"tools\":{\"mode\":\"selected\",\"allow\":[\"ec\\u0000ho\"]}}",
                        "'tools.allow[0]' must not contain control characters"),
                Arguments.of("PUT", "/api/gateways/quickstart/servers/demo", "{\"tools\":{\"mode\":\"selected\",\"allow\":[\"echo\\nadd\"]}}",
                        "'tools.allow[0]' must not contain control characters"),
                Arguments.of("POST", "/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/mcp\",\"authHeaderName\":\"X-Key\","
                        + "\"authSecret\":\"se\\u0000cret\"}", "'authSecret' must not contain control characters"),
                Arguments.of("POST", "/api/limits", "{\"name\":\"L\\u0007\",\"scope\":\"host\",\"perSecond\":1}",
                        "'name' must not contain control characters"));
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("controlCharacters")
    void writeWhenATextHoldsAControlCharacterThen400AndNothingWritten(String method, String path, String body, String detail) {
        assertRefusedAndNothingWritten(method, path, body, detail);
    }

    @Test
    void putAssignmentWhenTheAllowListIsNotAnArrayThenATypeError() {
        assertProblem(400, "'tools.allow' must be an array of strings", server.put("admin",
                "/api/gateways/quickstart/servers/demo", "{\"tools\":{\"mode\":\"selected\",\"allow\":\"echo\"}}"));
        assertProblem(400, "'tools' must be an object", server.put("admin",
                "/api/gateways/quickstart/servers/demo", "{\"tools\":\"all\"}"));
    }

    @Test
    void putLimitWhenTheBodyHasAFieldALimitDoesNotHaveThen400AndTheLimitUnchanged() {
        String id = assertJson(201, server.post("admin", "/api/limits", "{\"name\":\"edit me\",\"scope\":\"host\",\"perSecond\":1}"))
                .get("id").asText();

        assertRefusedAndNothingWritten("PUT", "/api/limits/" + id, "{\"name\":\"edit me\",\"scope\":\"host\",\"perSecond\":2,"
                + "\"burst\":9}", "'burst' is not a known field");

        assertEquals(1, assertJson(200, server.get("admin", "/api/limits/" + id)).get("perSecond").asInt());
        server.delete("admin", "/api/limits/" + id);
    }

    @Test
    void postLimitWhenTheHostIsUnknownThen400NamingIt() {
        assertRefusedAndNothingWritten("POST", "/api/limits", "{\"name\":\"L\",\"scope\":\"host\",\"host\":\"nope\",\"perSecond\":1}",
                "'host' names no host: 'nope' (give a host's id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Content-Length", "Connection", "Transfer-Encoding", "TE", "Te", "Upgrade", "Trailer",
            "Proxy-Authorization", "Proxy-Anything", "Keep-Alive", "Cookie", "content-type"})
    void postServerWhenTheCredentialHeaderIsOneTheClientManagesThen400(String header) {
        AdminServer.State before = server.state();

        assertProblem(400, "'authHeaderName' may not be '" + header + "': a hop-by-hop, framing or proxy header, or one the"
                + " gateway's HTTP client sets itself", server.post("admin", "/api/servers", "{\"name\":\"S\",\"url\":"
                + "\"http://localhost:1/mcp\",\"authHeaderName\":\"" + header + "\",\"authSecret\":\"s\"}"));
        assertProblem(400, server.send(server.request("admin", "/api/servers/demo").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"authHeaderName\":\"" + header + "\",\"authSecret\":\"s\"}"))));

        assertEquals(before, server.state());
    }

    @Test
    void getDashboardWhenTheStepIsLongerThanTheRangeThen400() {
        assertProblem(400, "query parameter 'step' must not be longer than the range from 'from' to 'to' (PT24H)",
                server.get("admin", "/api/dashboard?step=P400D"));
        assertJson(200, server.get("admin", "/api/dashboard?step=PT24H"));
    }

    private static void assertRefusedAndNothingWritten(String method, String path, String body, String detail) {
        AdminServer.State before = server.state();
        assertProblem(400, detail, send(method, path, body));
        assertEquals(before, server.state());
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return server.send(server.request("admin", path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }
}
