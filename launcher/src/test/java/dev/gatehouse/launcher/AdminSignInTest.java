package dev.gatehouse.launcher;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's admin sign-in over HTTP, in process on an H2 data folder (security catalogue rows 169-175):
 * wrong passwords cost the same for known and unknown users, a remembered success does not make a wrong
 * guess cheap, older hashes are upgraded at sign-in, the console's form sign-in is throttled and audited,
 * short admin passwords are refused at start, and the data folder is private to its owner.
 */
@Timeout(180)
class AdminSignInTest {
    private static final String ADMIN_PASSWORD = "launcher-test-Pa55";
    private static final String LEGACY_PASSWORD = "legacy-user-passphrase";
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path data;
    private static Main.Running running;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        // the tests of this class sign in wrongly from one address more often than its default allows
        System.setProperty("gatehouse.sign-in-address-failures", "100");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a hash of the earlier, cheaper cost, as an older Gatehouse wrote it
        Files.writeString(data.resolve(AdminAccounts.FILE_NAME), "legacy=" + legacyHash(LEGACY_PASSWORD)
                + ",gatehouse-auditor\nformuser=" + legacyHash("form-user-passphrase") + ",gatehouse-auditor\n"
                + "basicuser=" + legacyHash("basic-user-passphrase") + ",gatehouse-auditor\n");
        running = Main.start(LauncherOptions.parse(new String[] {"--port", "0", "--host", "127.0.0.1", "--no-demo",
                "--data", data.toString()}, Map.of()), Map.of("GATEHOUSE_ADMIN_PASSWORD", ADMIN_PASSWORD),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).orElseThrow();
        base = "http://127.0.0.1:" + running.port() + EmbeddedServer.ADMIN_CONTEXT;
    }

    @AfterAll
    static void stop() {
        System.clearProperty("gatehouse.sign-in-address-failures");
        if (running != null) {
            running.close();
        }
    }

    @Test
    void startWhenAdminPasswordShorterThanTwelveThenRefusedWithAClearMessage(@TempDir Path other) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.start(
                LauncherOptions.parse(new String[] {"--port", "0", "--no-demo", "--data", other.toString()}, Map.of()),
                Map.of("GATEHOUSE_ADMIN_PASSWORD", "a"), System.out));
        assertEquals("GATEHOUSE_ADMIN_PASSWORD is too short: an admin password needs at least 12 characters, this one"
                + " has 1 (use a longer one, or unset GATEHOUSE_ADMIN_PASSWORD to have one generated on first start)",
                e.getMessage());
        assertFalse(Files.exists(other.resolve("db")), "nothing was started");
    }

    @Test
    void basicWhenUnknownUserThenAsSlowAsAWrongPasswordOfAKnownOne() throws Exception {
        long known = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            known = Math.min(known, timed("admin", "wrong-guess-" + i, 401));
            unknown = Math.min(unknown, timed("no-such-user-" + i, "wrong-guess-" + i, 401));
        }
        assertTrue(unknown * 3 >= known, "unknown user " + unknown + " ms, known user " + known + " ms");
        assertTrue(known * 3 >= unknown, "unknown user " + unknown + " ms, known user " + known + " ms");

        timed("admin", ADMIN_PASSWORD, 200);
        long remembered = timed("admin", ADMIN_PASSWORD, 200);
        long wrongAfterSuccess = timed("admin", "wrong-after-success", 401);
        assertTrue(wrongAfterSuccess * 3 >= known, "a wrong guess after a success costs the full hash: "
                + wrongAfterSuccess + " ms vs " + known + " ms");
        assertTrue(remembered * 5 < known, "the right password is remembered: " + remembered + " ms vs " + known);
    }

    @Test
    void basicWhenAccountHasAnOlderHashThenItIsUpgradedAtSignIn() throws Exception {
        assertEquals(200, me("legacy", LEGACY_PASSWORD).statusCode());

        String stored = Files.readString(data.resolve(AdminAccounts.FILE_NAME));
        String line = stored.lines().filter(l -> l.startsWith("legacy=")).findFirst().orElseThrow();
        assertTrue(line.startsWith("legacy=pbkdf2-sha256$600000$"), line);
        assertTrue(line.endsWith(",gatehouse-auditor"), line);
        assertEquals(200, me("legacy", LEGACY_PASSWORD).statusCode(), "the upgraded hash verifies");
        assertEquals(401, me("legacy", "not-the-password").statusCode());
    }

    @Test
    void basicWhenGuardedByTheApiFilterThenEachFailureCountsOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertEquals(401, me("basicuser", "guess-" + i).statusCode());
        }
        assertEquals(200, me("basicuser", "basic-user-passphrase").statusCode(), "four failures are still free");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, me("basicuser", "guess-" + i).statusCode());
        }
        HttpResponse<String> locked = me("basicuser", "basic-user-passphrase");
        assertEquals(429, locked.statusCode());
        assertEquals("application/problem+json", locked.headers().firstValue("Content-Type").orElse(""));
        assertTrue(locked.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void formWhenFiveWrongPasswordsThenThePageSaysHowLongToWaitAndFailuresAreAudited() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (int i = 0; i < 5; i++) {
            assertEquals(base + "/login.html?error", formSignIn(browser, "formuser", "guess-" + i));
        }
        assertEquals("{\"retryAfterSeconds\":1}", get(browser, "/console/sign-in-notice").body());
        assertEquals("{}", get(browser, "/console/sign-in-notice").body(), "the notice is read once");

        String refused = formSignIn(browser, "formuser", "form-user-passphrase");
        assertEquals(base + "/login.html?error", refused, "the right password waits too");
        assertTrue(get(browser, "/console/sign-in-notice").body().startsWith("{\"retryAfterSeconds\":"));
        assertEquals(302, get(browser, "/").statusCode(), "not signed in");

        List<AuditEvent> records = awaitAudit(r -> r.stream().filter(e -> "formuser".equals(e.actor())).count() >= 6);
        List<AuditEvent> mine = records.stream().filter(e -> "formuser".equals(e.actor())).toList();
        assertEquals(5, mine.stream().filter(e -> e.httpStatus() == 401).count());
        assertEquals(1, mine.stream().filter(e -> e.httpStatus() == 429).count());
        AuditEvent first = mine.get(mine.size() - 1);
        assertEquals("sign-in/form", first.method());
        assertEquals("127.0.0.1", first.clientAddress());
        assertEquals("wrong user name or password", first.detail());
        assertTrue(mine.stream().noneMatch(e -> e.toString().contains("guess-") || e.toString().contains("passphrase")));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String after;
        do {
            after = formSignIn(browser, "formuser", "form-user-passphrase");
        } while (after.endsWith("?error") && System.nanoTime() < deadline);
        assertEquals(base + "/", after, "signed in once the wait is over");
    }

    @Test
    void dataFolderIsPrivateToItsOwner() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)),
                "an existing folder is narrowed");
        Path db = data.resolve("db").resolve("gatehouse.mv.db");
        assertTrue(Files.exists(db));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(AdminAccounts.FILE_NAME))));
    }

    @Test
    void everyConsoleLogRecordGoesThroughTheEscapingFormatter() {
        java.util.logging.Handler[] handlers = java.util.logging.Logger.getLogger("").getHandlers();
        assertTrue(handlers.length > 0);
        for (java.util.logging.Handler handler : handlers) {
            assertTrue(handler.getFormatter() instanceof SafeLogFormatter, handler + " formats with " + handler.getFormatter());
        }
    }

    private static long timed(String user, String password, int status) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = me(user, password);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(status, response.statusCode(), response.body());
        return millis;
    }

    private static HttpResponse<String> me(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).header("Authorization", "Basic " + basic)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the console's form; returns where the container sends the browser. */
    private static String formSignIn(HttpClient browser, String user, String password) throws Exception {
        get(browser, "/");
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + running.port())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 302 || response.statusCode() == 303, response.statusCode() + " " + response.body());
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.startsWith("/") ? "http://127.0.0.1:" + running.port() + location : location;
    }

    private static List<AuditEvent> awaitAudit(Predicate<List<AuditEvent>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<AuditEvent> records;
        do {
            records = running.gatehouse().audit().query(AuditQuery.newest(500)).stream()
                    .filter(r -> r.kind() == AuditKind.SIGN_IN).toList();
            if (done.test(records)) {
                return records;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("audit records did not arrive: " + records);
    }

    /** A hash of 210,000 iterations, the cost earlier versions stored. */
    private static String legacyHash(String password) throws Exception {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, 210_000, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$210000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
