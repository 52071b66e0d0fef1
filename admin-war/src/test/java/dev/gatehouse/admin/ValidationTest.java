package dev.gatehouse.admin;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.store.NewHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is refused with problem+json and writes nothing. */
class ValidationTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static Host tokenHost;
    private static Host interactiveHost;

    @BeforeAll
    static void start() throws Exception {
        tokenHost = server.gatehouse().hosts().createHost(new NewHost("Build bot", HostKind.TOKEN, null), "seed");
        interactiveHost = server.gatehouse().hosts().createHost(new NewHost("Desktop", HostKind.INTERACTIVE, null), "seed");
    }

    static Stream<Arguments> badBodies() {
        String longName = "x".repeat(201);
        return Stream.of(
                Arguments.of("/api/hosts", "", "a JSON object body is required"),
                Arguments.of("/api/hosts", "[]", "the request body must be a JSON object"),
                Arguments.of("/api/hosts", "\"CI\"", "the request body must be a JSON object"),
                Arguments.of("/api/hosts", "{\"name\":", "the request body is not valid JSON (line 1, column 9)"),
                Arguments.of("/api/hosts", "{\"name\":\"A\",\"kind\":\"TOKEN\"} {}",
                        "the request body is not valid JSON (line 1, column 29)"),
                Arguments.of("/api/hosts", "{\"name\":\"A\",\"name\":\"B\",\"kind\":\"TOKEN\"}",
                        "the request body has a duplicate field (line 1, column 19)"),
                Arguments.of("/api/hosts", "{\"kind\":\"TOKEN\"}", "'name' is required"),
                Arguments.of("/api/hosts", "{\"name\":\"  \",\"kind\":\"TOKEN\"}", "'name' is required"),
                Arguments.of("/api/hosts", "{\"name\":42,\"kind\":\"TOKEN\"}", "'name' must be a string"),
                Arguments.of("/api/hosts", "{\"name\":\"A\",\"kind\":\"ROBOT\"}", "'kind' must be TOKEN or INTERACTIVE"),
                Arguments.of("/api/hosts", "{\"name\":\"A\"}", "'kind' is required: TOKEN or INTERACTIVE"),
                Arguments.of("/api/hosts", "{\"name\":7,\"kind\":[]}", "'name' must be a string; 'kind' must be a string"),
                Arguments.of("/api/hosts", "{\"name\":\"" + longName + "\",\"kind\":\"TOKEN\"}",
                        "'name' must be at most 200 characters"),
                Arguments.of("/api/hosts", "{\"name\":\"A\",\"kind\":\"TOKEN\",\"description\":\"" + "d".repeat(2001) + "\"}",
                        "'description' must be at most 2000 characters"),
                Arguments.of("/api/hosts", "{\"name\":\"build BOT\",\"kind\":\"TOKEN\"}",
                        "a host named 'build BOT' already exists"),
                Arguments.of("/api/hosts/{token}/connections", "{\"gateway\":\"nope\"}", "unknown gateway 'nope'"),
                Arguments.of("/api/hosts/{token}/connections", "{}", "'gateway' is required"),
                Arguments.of("/api/hosts/{token}/connections", "{\"gateway\":\"quickstart\",\"expiresAt\":\"tomorrow\"}",
                        "'expiresAt' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z"),
                Arguments.of("/api/hosts/{token}/connections", "{\"gateway\":\"quickstart\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
                        "'expiresAt' must be in the future"),
                Arguments.of("/api/hosts/{interactive}/connections", "{\"gateway\":\"quickstart\"}",
                        "API access tokens are issued to token-based hosts only"),
                Arguments.of("/api/gateways", "{\"name\":\"G\",\"servers\":[{\"server\":\"missing\"}]}",
                        "unknown server 'missing'"),
                Arguments.of("/api/gateways", "{\"name\":\"G\",\"servers\":[{\"toolPrefix\":\"x\"}, 3]}",
                        "'servers[1]' must be an object; 'servers[0].server' is required: a server id or slug"),
                Arguments.of("/api/gateways", "{\"name\":\"Q\",\"slug\":\"quickstart\"}",
                        "a gateway with slug 'quickstart' already exists"),
                Arguments.of("/api/gateways", "{\"name\":\"G\",\"slug\":\"Not A Slug\"}",
                        "'slug' must be lower-case letters, digits and hyphens (at most 64)"),
                Arguments.of("/api/servers", "{\"name\":\"S\",\"url\":\"ftp://example.com\"}",
                        "'url' must be an absolute http or https URL"),
                Arguments.of("/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/mcp\",\"connectTimeoutMs\":\"5\","
                        + "\"readTimeoutMs\":0}", "'connectTimeoutMs' must be a whole number; 'readTimeoutMs' must be between 1 and 1800000"),
                Arguments.of("/api/servers", "{\"name\":\"S\",\"url\":\"http://localhost:1/mcp\",\"authHeaderName\":\"X-Key\"}",
                        "'authHeaderName' and 'authSecret' go together"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void postWhenBodyInvalidThenBadRequestProblemAndNothingWritten(String template, String body, String detail) {
        AdminServer.State before = server.state();
        int auditBefore = server.audit(1000).size();

        HttpResponse<String> response = server.post("admin", path(template), body);

        assertEquals("urn:gatehouse:problem:invalid-request", assertProblem(400, detail, response).get("type").asText());
        assertEquals(before, server.state());
        assertEquals(auditBefore, server.audit(1000).size());
    }

    static Stream<Arguments> badMediaTypes() {
        return Stream.of(Arguments.of("text/plain"), Arguments.of("application/x-www-form-urlencoded"),
                Arguments.of("application/json; charset=ISO-8859-1"), Arguments.of((Object) null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMediaTypes")
    void postWhenNotJsonMediaTypeThenUnsupportedMediaTypeAndNothingWritten(String contentType) {
        AdminServer.State before = server.state();

        HttpResponse<String> response = server.post("admin", "/api/hosts", contentType,
                "{\"name\":\"Typed\",\"kind\":\"TOKEN\"}");

        assertProblem(415, "the request body must be application/json (UTF-8)", response);
        assertEquals(before, server.state());
    }

    @Test
    void postWhenNotJsonMediaTypeAndTheBodyArrivesLateThen415AfterReadingItAndTheConnectionStaysUsable() throws Exception {
        String body = "{\"name\":\"Late\",\"kind\":\"TOKEN\"}";
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + AdminServer.CONTEXT + "/api/hosts HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + AdminServer.basic("admin", "admin-pw") + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the body comes after the headers, as a client writing them apart sends it
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + AdminServer.CONTEXT + "/api/hosts HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + AdminServer.basic("admin", "admin-pw") + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String exchange = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(exchange.startsWith("HTTP/1.1 415 "), exchange);
            assertFalse(exchange.substring(0, exchange.indexOf("\r\n\r\n")).contains("Connection: close"), exchange);
            assertTrue(exchange.contains("\r\n\r\nHTTP/1.1 200 ") || exchange.contains("}HTTP/1.1 200 "), exchange);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBeforeTheBody")
    void postRefusedBeforeItsBodyArrivedThenTheAnswerClosesTheConnection(String why, String user, String path) throws Exception {
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + AdminServer.CONTEXT + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + AdminServer.basic(user, user + "-pw") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 40\r\n\r\n").getBytes(StandardCharsets.US_ASCII)); // the body never comes
            String head = head(socket.getInputStream());

            assertTrue(head.startsWith("HTTP/1.1 4"), head);
            // a client must not put its next request on this connection: the container closes it
            assertTrue(head.contains("\r\nConnection: close\r\n"), head);
        }
    }

    /** The answer's status line and headers, up to and including the blank line. */
    private static String head(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return head.toString();
    }

    static Stream<Arguments> refusedBeforeTheBody() {
        return Stream.of(Arguments.of("wrong password (401)", "mallory", "/api/hosts"),
                Arguments.of("missing capability (403)", "auditor", "/api/hosts"),
                Arguments.of("no such route (404)", "admin", "/api/no-such-thing"));
    }

    @Test
    void postWhenBodyDeclaredLargerThanLimitThen413ClosesTheConnectionWithoutReadingIt() {
        HttpResponse<String> response = server.send(server.request("admin", "/api/hosts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Big\",\"description\":\"" + "d".repeat(70_000) + "\"}")));

        assertProblem(413, "the request body must be at most 65536 bytes", response);
        assertEquals("close", response.headers().firstValue("Connection").orElse(null));
    }

    @Test
    void postWhenJsonWithUtf8CharsetThenAccepted() {
        assertJson(201, server.post("admin", "/api/hosts", "application/json; charset=\"UTF-8\"",
                "{\"name\":\"Charset bot\",\"kind\":\"interactive\"}"));
    }

    @Test
    void postWhenBodyLargerThanLimitThenContentTooLargeAndNothingWritten() {
        AdminServer.State before = server.state();
        String big = "{\"name\":\"Big\",\"kind\":\"TOKEN\",\"description\":\"" + "d".repeat(70_000) + "\"}";

        HttpResponse<String> response = server.post("admin", "/api/hosts", big);

        assertProblem(413, "the request body must be at most 65536 bytes", response);
        assertEquals(before, server.state());
    }

    @Test
    void postWhenChunkedBodyLargerThanLimitThenContentTooLarge() {
        AdminServer.State before = server.state();
        byte[] big = ("{\"name\":\"Big\",\"kind\":\"TOKEN\",\"description\":\"" + "d".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = server.send(server.request("admin", "/api/hosts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));

        assertProblem(413, "the request body must be at most 65536 bytes", response);
        assertEquals(before, server.state());
    }

    @Test
    void connectWhenHostUnknownThenNotFound() {
        assertProblem(404, "no host with id 'no-such-host'",
                server.post("admin", "/api/hosts/no-such-host/connections", "{\"gateway\":\"quickstart\"}"));
    }

    @Test
    void requestWhenMethodNotSupportedThenMethodNotAllowedWithAllow() {
        HttpResponse<String> put = server.send("admin", "PUT", "/api/hosts");
        assertProblem(405, "method PUT is not allowed here", put);
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));

        HttpResponse<String> delete = server.send("admin", "DELETE", "/api/logs");
        assertProblem(405, "method DELETE is not allowed here", delete);
        assertEquals("GET", delete.headers().firstValue("Allow").orElse(null));

        HttpResponse<String> patch = server.send("admin", "PATCH", "/api/hosts/" + tokenHost.id());
        assertEquals("DELETE, GET", patch.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void requestWhenPathUnknownThenNotFoundProblem() {
        assertProblem(404, "no such resource", server.get("admin", "/api/nothing"));
        assertProblem(404, "no such resource", server.get("admin", "/api/hosts/"));
        assertProblem(404, "no such resource", server.get("admin", "/api"));
        assertProblem(404, "no such resource", server.get("admin", "/api/hosts/a/b/c"));
    }

    @Test
    void getWhenIdUnknownThenNotFoundProblem() {
        assertProblem(404, "no such host", server.get("admin", "/api/hosts/unknown"));
        assertProblem(404, "no such connection", server.get("admin", "/api/connections/unknown"));
        assertProblem(404, "no such gateway", server.get("admin", "/api/gateways/unknown"));
        assertProblem(404, "no such server", server.get("admin", "/api/servers/unknown"));
    }

    @Test
    void errorPageWhenRequestedDirectlyThenNotFoundProblem() {
        assertProblem(404, "no such resource", server.get(null, "/error"));
    }

    private static String path(String template) {
        return template.replace("{token}", tokenHost.id()).replace("{interactive}", interactiveHost.id());
    }
}
