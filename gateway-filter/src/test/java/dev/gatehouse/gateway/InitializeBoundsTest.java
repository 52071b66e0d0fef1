package dev.gatehouse.gateway;

import dev.gatehouse.core.session.InitializeParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field of {@code initialize} that Gatehouse keeps or passes on is bounded (docs/security-tests.md,
 * rows 211-212): beyond a bound the answer is {@code 400} with JSON-RPC {@code -32602} naming the field,
 * no session is opened, and the log gets one line (no stack trace); at the bound the session opens.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InitializeBoundsTest {
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private static String initialize(String version, String capabilities, String clientName) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"init-bounds\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + version + "\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"" + clientName
                + "\",\"version\":\"1\"}}}";
    }

    /** Capabilities whose compact JSON is exactly {@code length} characters. */
    private static String capabilitiesOf(int length) {
        String frame = "{\"experimental\":{\"x\":\"\"}}";
        return "{\"experimental\":{\"x\":\"" + "c".repeat(length - frame.length()) + "\"}}";
    }

    @Test
    void initializeWhenCapabilitiesExceedTheBoundThen400NamingTheFieldNoSessionAndOneLogLine() throws Exception {
        int logBefore = LogCapture.text().length();
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken,
                initialize("2025-11-25", capabilitiesOf(InitializeParams.MAX_CAPABILITIES_CHARS + 1000), "test"));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"init-bounds\",\"error\":{\"code\":-32602,"), r.body());
        assertTrue(r.body().contains("params.capabilities is 9000 characters; at most 8000"), r.body());
        assertFalse(r.headers().firstValue("Mcp-Session-Id").isPresent());
        String logged = LogCapture.text().substring(logBefore);
        assertEquals(1, logged.lines().filter(l -> l.contains("initialize refused")).count(), logged);
        assertFalse(logged.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), logged);
    }

    @Test
    void initializeWhenCapabilitiesAreExactlyAtTheBoundThenTheSessionOpens() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken,
                initialize("2025-11-25", capabilitiesOf(InitializeParams.MAX_CAPABILITIES_CHARS), "test"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isPresent());
    }

    @ParameterizedTest
    @CsvSource({
            "name, params.clientInfo.name is 300 characters",
            "version, params.protocolVersion is 100 characters",
            "capabilities, params.capabilities must be an object"})
    void initializeWhenAnotherFieldIsOutOfBoundsThen400NamingIt(String field, String expected) throws Exception {
        String body = switch (field) {
            case "name" -> initialize("2025-11-25", "{}", "n".repeat(300));
            case "version" -> initialize("v".repeat(100), "{}", "test");
            default -> initialize("2025-11-25", "\"" + "s".repeat(50) + "\"", "test");
        };
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, body);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"code\":-32602"), r.body());
        assertTrue(r.body().contains(expected), r.body());
        assertFalse(r.headers().firstValue("Mcp-Session-Id").isPresent());
    }
}
