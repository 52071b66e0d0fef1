package dev.gatehouse.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the embedded server refuses itself, before or around the web applications, on the real launcher
 * (docs/security-tests.md, rows 215-216): ambiguous paths ({@code %2F}, {@code ..;}, encoded dot segments),
 * a NUL in the path and a malformed request line get the gateway's JSON error body, never Jetty's HTML
 * page; {@code WEB-INF} and {@code META-INF} of either web application, in any spelling, are 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorPagesTest {
    private LauncherServer launcher;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        launcher = new LauncherServer(data);
    }

    @AfterAll
    void stop() throws Exception {
        launcher.close();
    }

    private static String status(String reply) {
        return reply.substring(0, reply.indexOf("\r\n"));
    }

    private static String body(String reply) {
        return reply.substring(reply.indexOf("\r\n\r\n") + 4);
    }

    private static void assertJson(String reply) {
        assertTrue(reply.toLowerCase(java.util.Locale.ROOT).contains("\r\ncontent-type: application/"), reply);
        assertFalse(reply.toLowerCase(java.util.Locale.ROOT).contains("text/html"), reply);
        assertFalse(reply.contains("<html"), reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gatehouse/mcp%2Fquickstart", "/gatehouse/mcp/..;/quickstart", "/gatehouse/%2e%2e/gatehouse-admin/",
            "/gatehouse/mcp/%2e/quickstart", "/%2e%2e/etc/passwd", "/a%2Fb",
            "/gatehouse/mcp/quick%00start", "/gatehouse/mcp/..%2f..%2fWEB-INF/web.xml", "/demo/mcp%2F"})
    void getWhenThePathIsAmbiguousThen400WithTheJsonErrorBody(String target) throws Exception {
        String reply = launcher.get(target);
        assertEquals("HTTP/1.1 400 Bad Request", status(reply), reply);
        assertJson(reply);
        assertEquals("{\"error\":\"bad_request\",\"status\":400}", body(reply), reply);
        assertTrue(reply.contains("\r\nCache-Control: no-store\r\n"), reply);
    }

    /** The admin API answers its one error form even for what the server refuses before it (catalogue 629). */
    @ParameterizedTest
    @ValueSource(strings = {"/gatehouse-admin/api/users/a%00b", "/gatehouse-admin/api%2Fhosts", "/gatehouse-admin/api/users/a%zz",
            "/gatehouse-admin/api/users/a%2Fb", "/gatehouse-admin/api/hosts/%2e%2e/x", "/gatehouse-admin/api/users/a%1Fb"})
    void getWhenAnAdminApiPathIsInvalidThen400ProblemJsonWithADetail(String target) throws Exception {
        String reply = launcher.get(target);
        assertEquals("HTTP/1.1 400 Bad Request", status(reply), reply);
        assertTrue(reply.contains("\r\nContent-Type: application/problem+json\r\n"), reply);
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the request path is"
                + " not valid: it holds a NUL or another control character, bad percent-encoding, or an encoded slash,"
                + " backslash or dot segment\"}", body(reply), reply);
        assertTrue(reply.contains("\r\nCache-Control: no-store\r\n"), reply);
    }

    @Test
    void requestWhenTheRequestLineIsMalformedThen400WithTheJsonErrorBody() throws Exception {
        String reply = launcher.exchange("GET /gatehouse/health HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals("HTTP/1.1 400 Bad Request", status(reply), reply);
        assertJson(reply);
        assertEquals("{\"error\":\"bad_request\",\"status\":400}", body(reply), reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/gatehouse/WEB-INF/web.xml", "/gatehouse/WEB-INF/", "/gatehouse/META-INF/MANIFEST.MF",
            "/gatehouse/web-inf/web.xml", "/gatehouse/./WEB-INF/web.xml", "/gatehouse/%57EB-INF/web.xml",
            "/gatehouse/WEB-INF/lib/", "/gatehouse-admin/WEB-INF/web.xml", "/gatehouse-admin/META-INF/"})
    void getWhenAWebApplicationsPrivateFolderIsAskedForThen404Json(String target) throws Exception {
        String reply = launcher.get(target);
        assertEquals("HTTP/1.1 404 Not Found", status(reply), reply);
        assertJson(reply);
        assertTrue(body(reply).contains("404"), reply);
        assertFalse(body(reply).contains("<web-app"), reply);
    }
}
