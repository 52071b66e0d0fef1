package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.users.PasswordHash;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.ManagedSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail of console sessions on the launcher, read as an auditor reads it ({@code GET /api/logs?kind=sign_in})
 * (security catalogue rows 610-612): a form sign-in is one {@code success} record naming the user, address, user agent
 * and {@code sign-in/form}, however many requests its session makes; its sign-out one more with the same correlation
 * id, the audit chain intact; the API's Basic logins none; a wrong password still one {@code unauthorized} record and
 * no success.
 */
@Timeout(120)
class ConsoleSignInAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "sign-in-audit-Pa55";
    private static final String PASSWORD = "console-user-passphrase";
    private static final String AGENT = "sign-in-audit-test/1.0";

    @TempDir
    static Path data;
    private static Main.Running running;
    private static String base;
    private static String origin;
    private static int sentinels;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(data);
        String hash = PasswordHash.hash(PASSWORD.toCharArray());
        Files.writeString(data.resolve(AdminAccounts.FILE_NAME), "formuser=" + hash + ",gatehouse-operator\n"
                + "outuser=" + hash + ",gatehouse-operator\nbasicuser=" + hash + ",gatehouse-auditor\n"
                + "wronguser=" + hash + ",gatehouse-auditor\nidleuser=" + hash + ",gatehouse-auditor\n"
                + "caseuser=" + hash + ",gatehouse-auditor\n");
        running = InProcessLauncher.start(data, ADMIN_PASSWORD);
        origin = "http://127.0.0.1:" + running.port();
        base = origin + EmbeddedServer.ADMIN_CONTEXT;
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void formSignInWhenTheSessionMakesManyRequestsThenOneSuccessRecord() throws Exception {
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "formuser", PASSWORD));
        for (String path : List.of("/", "/console/session", "/api/me", "/api/me", "/console/session")) {
            assertEquals(200, get(browser, path).statusCode(), path);
        }
        List<JsonNode> mine = settledSignIns("formuser");
        assertEquals(1, mine.size(), mine.toString());
        JsonNode record = mine.get(0);
        assertEquals("success", record.get("outcome").asText());
        assertEquals("sign-in/form", record.get("method").asText());
        assertEquals("signed in", record.get("detail").asText());
        assertEquals("127.0.0.1", record.get("clientAddress").asText());
        assertEquals(AGENT, record.get("userAgent").asText());
        assertNotNull(record.get("correlationId").textValue());
        assertTrue(record.toString().indexOf(PASSWORD) < 0 && record.toString().indexOf("JSESSIONID") < 0);
    }

    @Test
    void formSignInWhenTheNameIsTypedInAnotherCaseThenTheRecordNamesTheUserAsStored() throws Exception {
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "CaseUser", PASSWORD));
        assertEquals("caseuser", JSON.readTree(get(browser, "/api/me").body()).get("user").asText());
        List<JsonNode> mine = settledSignIns("caseuser");
        assertEquals(1, mine.size(), mine.toString());
        assertTrue(signIns("CaseUser", "").isEmpty(), "no record under the spelling typed");
    }

    @Test
    void signOutWhenSignedInByFormThenOneRecordWithTheSignInsCorrelationId() throws Exception {
        HttpClient browser = browser();
        formSignIn(browser, "outuser", PASSWORD);
        String csrf = JSON.readTree(get(browser, "/console/session").body()).get("csrfToken").asText();
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                .header("X-CSRF-Token", csrf).header("Origin", origin).header("User-Agent", AGENT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, out.statusCode(), out.body());
        assertEquals(302, get(browser, "/").statusCode(), "signed out");

        List<JsonNode> mine = settledSignIns("outuser");
        assertEquals(2, mine.size(), mine.toString());
        JsonNode signOut = mine.get(0);
        JsonNode signIn = mine.get(1);
        assertEquals("sign-out/form", signOut.get("method").asText());
        assertEquals("signed out", signOut.get("detail").asText());
        assertEquals("success", signOut.get("outcome").asText());
        assertEquals("127.0.0.1", signOut.get("clientAddress").asText());
        assertEquals("sign-in/form", signIn.get("method").asText());
        assertEquals(signIn.get("correlationId").asText(), signOut.get("correlationId").asText());
        assertEquals(mine, signIns("outuser", "&correlationId=" + signIn.get("correlationId").asText()),
                "the session's records are found by its correlation id");
        JsonNode verified = JSON.readTree(basic("admin", ADMIN_PASSWORD, "/api/audit/verify").body());
        assertTrue(verified.get("intact").asBoolean(), verified.toString());
    }

    @Test
    void sessionWhenItTimesOutThenOneSignOutRecordSayingSo() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        formSignIn(browser, "idleuser", PASSWORD);
        SessionHandler sessions = running.server().consoleSessions();
        String cookie = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .findFirst().orElseThrow().getValue();
        ManagedSession session = sessions.getManagedSession(sessions.getSessionIdManager().getId(cookie));
        session.setMaxInactiveInterval(1); // the container's timeout, shortened: 30 idle minutes are too long to wait
        assertEquals(200, get(browser, "/console/session").statusCode(), "the last request before the session idles");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!session.isExpiredAt(System.currentTimeMillis())) {
            assertTrue(System.nanoTime() < deadline, "the session never went idle");
            Thread.sleep(50);
        }
        // what the container's sweep of idle sessions (Jetty's house keeper, every 10 minutes) does with it, now
        session.invalidate();
        assertEquals(302, get(browser, "/").statusCode(), "the timed-out session is signed out");
        List<JsonNode> mine = settledSignIns("idleuser");
        assertEquals(2, mine.size(), mine.toString());
        assertEquals("sign-out/form", mine.get(0).get("method").asText());
        assertEquals("session timed out after 1 second idle", mine.get(0).get("detail").asText());
        assertEquals("127.0.0.1", mine.get(0).get("clientAddress").asText(), "the address it signed in from");
        assertEquals(mine.get(1).get("correlationId").asText(), mine.get(0).get("correlationId").asText());
    }

    @Test
    void basicWhenEveryApiCallSignsInThenNoSuccessRecord() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, basic("basicuser", PASSWORD, "/api/me").statusCode());
        }
        assertEquals(List.of(), settledSignIns("basicuser"));
    }

    @Test
    void formSignInWhenThePasswordIsWrongThenOneFailureRecordAndNoSuccess() throws Exception {
        assertEquals(base + "/login.html?error", formSignIn(browser(), "wronguser", "not-the-passphrase"));
        List<JsonNode> mine = settledSignIns("wronguser");
        assertEquals(1, mine.size(), mine.toString());
        assertEquals("unauthorized", mine.get(0).get("outcome").asText());
        assertEquals("sign-in/form", mine.get(0).get("method").asText());
        assertEquals(401, mine.get(0).get("httpStatus").asInt());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The {@code sign_in} records of {@code user}, newest first, once every record written before this call is in:
     * a wrong Basic password of a fresh user name is recorded after them, so when it is in, they are.
     */
    private static List<JsonNode> settledSignIns(String user) throws Exception {
        String sentinel = "sentinel-" + (++sentinels);
        assertEquals(401, basic(sentinel, "wrong", "/api/me").statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (signIns(sentinel, "").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the sentinel record did not arrive");
            Thread.sleep(20);
        }
        return signIns(user, "");
    }

    private static List<JsonNode> signIns(String user, String filters) throws Exception {
        HttpResponse<String> r = basic("admin", ADMIN_PASSWORD, "/api/logs?kind=sign_in&limit=500" + filters);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> mine = new ArrayList<>();
        JSON.readTree(r.body()).forEach(n -> {
            if (user.equals(n.path("actor").asText())) {
                mine.add(n);
            }
        });
        return mine;
    }

    private static HttpResponse<String> basic(String user, String password, String path) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("User-Agent", AGENT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the console's form as a browser does; returns where the container sends it. */
    private static String formSignIn(HttpClient browser, String user, String password) throws Exception {
        get(browser, "/");
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(base + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .header("User-Agent", AGENT).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, r.statusCode() + " " + r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.startsWith("/") ? origin + location : location;
    }
}
