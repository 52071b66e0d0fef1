package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Console users managed in the launcher (security catalogue rows 470-479), over HTTP against the launcher in
 * process: created with a password or invited by a one-time link, the link single use and stored hashed, roles
 * granted only up to the granter's own capabilities, a disabled user's open console session ended at its next
 * request and every sign-in refused, the properties file's accounts winning, every change audited.
 */
@Timeout(240)
class ConsoleUsersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "console-users-Pa55";
    private static final String MANAGER_PASSWORD = "user-manager-Pa55word";
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    static Path data;
    private static Main.Running running;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        // a role that may manage users and read logs, nothing else: what it may grant is bounded by that
        System.setProperty("gatehouse.roles.user-manager", "users:manage,logs:read");
        // the wrong passwords of these tests come from one address: count only the users' own failures
        System.setProperty("gatehouse.sign-in-address-failures", "1000");
        Files.writeString(data.resolve(AdminAccounts.FILE_NAME), "manager="
                + dev.gatehouse.core.users.PasswordHash.hash(MANAGER_PASSWORD.toCharArray()) + ",user-manager\n");
        running = InProcessLauncher.start(data, ADMIN_PASSWORD);
        base = "http://127.0.0.1:" + running.port() + EmbeddedServer.ADMIN_CONTEXT;
    }

    @AfterAll
    static void stop() {
        System.clearProperty("gatehouse.roles.user-manager");
        System.clearProperty("gatehouse.sign-in-address-failures");
        if (running != null) {
            running.close();
        }
    }

    @Test
    void createWhenPasswordGivenThenTheUserSignsInWithTheRolesCapabilitiesAndLastSignInShown() throws Exception {
        HttpResponse<String> created = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"carol\",\"displayName\":\"Carol Example\",\"email\":\"carol@example.com\","
                        + "\"roles\":[\"gatehouse-auditor\"],\"password\":\"lorac-passphrase-1\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode user = JSON.readTree(created.body());
        assertEquals("active", user.get("status").asText());
        assertEquals("[\"logs:read\",\"logs:export\"]", user.get("capabilities").toString());
        assertFalse(created.body().contains("pbkdf2"), "no hash in a reply");

        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "carol", "lorac-passphrase-1"));
        JsonNode me = JSON.readTree(get(browser, "/api/me").body());
        assertEquals("carol", me.get("user").asText());
        JsonNode listed = JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/users/carol", null).body());
        assertNotNull(Instant.parse(listed.get("lastSignInAt").asText()));

        List<AuditEvent> audit = adminActions();
        assertTrue(audit.stream().anyMatch(e -> "admin".equals(e.actor()) && e.detail().startsWith("user.created: carol")),
                audit::toString);
        assertTrue(audit.stream().noneMatch(e -> String.valueOf(e.detail()).contains("lorac-passphrase")));
    }

    @Test
    void formSignInWhenADatabaseUserIsGuessedFiveTimesThenTheyWaitLikeEveryUser() throws Exception {
        create("kate", "gatehouse-auditor", "etak-passphrase-1");
        HttpClient browser = browser();
        for (int i = 0; i < 5; i++) {
            assertEquals(base + "/login.html?error", formSignIn(browser, "kate", "guess-number-" + i));
        }
        assertEquals("{\"retryAfterSeconds\":1}", get(browser, "/console/sign-in-notice").body());
        assertEquals(base + "/login.html?error", formSignIn(browser, "kate", "etak-passphrase-1"), "the right password waits too");
        long deadline = System.nanoTime() + 20_000_000_000L;
        String after;
        do {
            after = formSignIn(browser, "kate", "etak-passphrase-1");
        } while (after.endsWith("?error") && System.nanoTime() < deadline);
        assertEquals(base + "/", after, "signed in once the wait is over");
    }

    @Test
    void inviteWhenTheLinkIsUsedThenThePasswordIsSetOnceAndTheLinkIsStoredOnlyHashed() throws Exception {
        JsonNode invited = JSON.readTree(api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"dave\",\"roles\":[\"gatehouse-operator\"]}").body());
        assertEquals("invited", invited.get("status").asText());
        String url = invited.get("invitation").get("url").asText();
        assertTrue(url.startsWith(base + "/account.html#"), url);
        String secret = url.substring(url.indexOf('#') + 1);
        assertEquals(200, CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/account.html")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the link's page is open");
        assertEquals(401, me("dave", "").statusCode(), "no password before the link is used");

        HttpResponse<String> weak = setPassword(secret, "short");
        assertEquals(400, weak.statusCode());
        assertTrue(weak.body().contains("at least 12 characters"), weak.body());
        assertEquals(400, setPassword(secret, "xx-dave-is-my-name").statusCode(), "not the user name");
        assertEquals(204, setPassword(secret, "a-long-passphrase-of-his").statusCode(), "a weak try leaves the link usable");
        assertEquals(404, setPassword(secret, "another-long-passphrase").statusCode(), "a link works once");
        assertEquals(200, me("dave", "a-long-passphrase-of-his").statusCode());
        assertEquals(401, me("dave", "another-long-passphrase").statusCode());

        try (var c = java.sql.DriverManager.getConnection(LauncherOptions.h2Url(data), "sa", "");
             var r = c.createStatement().executeQuery("SELECT secret_hash FROM gh_console_user_link WHERE user_name = 'dave'")) {
            assertTrue(r.next());
            assertFalse(r.getString(1).contains(secret));
            assertEquals(64, r.getString(1).length(), "a SHA-256");
        }
    }

    @Test
    void resetLinkWhenANewOneIsIssuedThenTheOlderOneStopsAndTheNewOneSetsThePassword() throws Exception {
        create("erin", "gatehouse-auditor", "nire-passphrase-01");
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "erin", "nire-passphrase-01"));
        String first = link(api("admin", ADMIN_PASSWORD, "POST", "/users/erin/reset-link", null));
        String second = link(api("admin", ADMIN_PASSWORD, "POST", "/users/erin/reset-link", null));
        assertEquals(404, setPassword(first, "nire-new-passphrase").statusCode(), "superseded");
        assertEquals(200, get(browser, "/api/me").statusCode(), "a link alone changes nothing");
        assertEquals(204, setPassword(second, "nire-new-passphrase").statusCode());
        assertEquals(401, get(browser, "/api/me").statusCode(), "a session on the old password ends (catalogue 663)");
        assertEquals(401, me("erin", "nire-passphrase-01").statusCode());
        assertEquals(200, me("erin", "nire-new-passphrase").statusCode());
        assertEquals(404, setPassword("made-up-secret-made-up-secret-made-up-secr", "whatever-long-one").statusCode());
    }

    @Test
    void disableWhenTheUserHasAConsoleSessionThenItsNextRequestIsRefusedAndNoSignInWorks() throws Exception {
        create("frank", "gatehouse-operator", "knarf-passphrase-1");
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "frank", "knarf-passphrase-1"));
        assertEquals(200, get(browser, "/api/me").statusCode());

        HttpResponse<String> disabled = api("admin", ADMIN_PASSWORD, "POST", "/users/frank/disable", null);
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertEquals("disabled", JSON.readTree(disabled.body()).get("status").asText());

        assertEquals(401, get(browser, "/api/me").statusCode(), "the open session ends at its next request");
        assertEquals(302, get(browser, "/").statusCode(), "the console asks to sign in");
        assertEquals(base + "/login.html?error", formSignIn(browser(), "frank", "knarf-passphrase-1"));
        assertEquals(401, me("frank", "knarf-passphrase-1").statusCode());
        assertEquals(409, api("admin", ADMIN_PASSWORD, "POST", "/users/frank/reset-link", null).statusCode());

        assertEquals(200, api("admin", ADMIN_PASSWORD, "POST", "/users/frank/enable", null).statusCode());
        assertEquals(200, me("frank", "knarf-passphrase-1").statusCode());
        assertEquals(409, api("admin", ADMIN_PASSWORD, "POST", "/users/admin/disable", null).statusCode(),
                "the file's accounts are not managed here, and no one disables themselves");
    }

    @Test
    void removeWhenTheUserHasAConsoleSessionThenItEndsNoSignInWorksAndTheNameIsFreeAgain() throws Exception {
        create("nora", "gatehouse-operator", "aron-passphrase-1");
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "nora", "aron-passphrase-1"));
        assertEquals(200, get(browser, "/api/me").statusCode());

        HttpResponse<String> removed = api("admin", ADMIN_PASSWORD, "DELETE", "/users/nora", null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(JSON.readTree(removed.body()).get("deleted").asBoolean());
        assertEquals(401, get(browser, "/api/me").statusCode(), "the open session ends at its next request");
        assertEquals(401, me("nora", "aron-passphrase-1").statusCode());
        assertEquals(404, api("admin", ADMIN_PASSWORD, "GET", "/users/nora", null).statusCode());
        assertEquals(404, api("admin", ADMIN_PASSWORD, "DELETE", "/users/nora", null).statusCode());

        create("nora", "gatehouse-auditor", "another-aron-passphrase");
        assertEquals(401, me("nora", "aron-passphrase-1").statusCode(), "the old password went with the old user");
        assertEquals(200, me("nora", "another-aron-passphrase").statusCode());
        assertEquals(409, api("admin", ADMIN_PASSWORD, "DELETE", "/users/admin", null).statusCode(),
                "the file's accounts are edited in the file, and no one removes themselves");
        create("oscar", "gatehouse-admin", "racso-passphrase-1");
        assertEquals(403, api("manager", MANAGER_PASSWORD, "DELETE", "/users/oscar", null).statusCode(),
                "only a user who has every capability of the removed one");
    }

    @Test
    void grantRolesWhenTheUserIsSignedInThenTheSessionEndsAndTheNextSignInHasTheNewRoles() throws Exception {
        create("gina", "gatehouse-auditor", "anig-passphrase-1");
        HttpClient browser = browser();
        formSignIn(browser, "gina", "anig-passphrase-1");
        assertFalse(get(browser, "/api/me").body().contains("hosts:manage"));
        HttpResponse<String> granted = api("admin", ADMIN_PASSWORD, "PUT", "/users/gina/roles",
                "{\"roles\":[\"gatehouse-operator\"]}");
        assertEquals(200, granted.statusCode(), granted.body());
        assertEquals(401, get(browser, "/api/me").statusCode(), "signed in with other roles: sign in again");
        assertTrue(JSON.readTree(me("gina", "anig-passphrase-1").body()).get("capabilities").toString().contains("hosts:manage"));
    }

    @Test
    void grantWhenTheManagerLacksACapabilityThenRefusedAndTheyCannotTakeOverAStrongerAccount() throws Exception {
        HttpResponse<String> escalate = api("manager", MANAGER_PASSWORD, "POST", "/users",
                "{\"name\":\"mallory\",\"roles\":[\"gatehouse-admin\"],\"password\":\"yrollam-passphrase\"}");
        assertEquals(403, escalate.statusCode(), escalate.body());
        assertTrue(escalate.body().contains("hosts:manage"), escalate.body());
        assertEquals(404, api("admin", ADMIN_PASSWORD, "GET", "/users/mallory", null).statusCode(), "nothing created");

        assertEquals(201, api("manager", MANAGER_PASSWORD, "POST", "/users",
                "{\"name\":\"ivan\",\"roles\":[\"user-manager\"],\"password\":\"navi-passphrase-1\"}").statusCode(),
                "roles within the manager's own capabilities");
        assertEquals(403, api("manager", MANAGER_PASSWORD, "PUT", "/users/ivan/roles",
                "{\"roles\":[\"gatehouse-retention\"]}").statusCode());

        create("henry", "gatehouse-admin", "yrneh-passphrase-1");
        assertEquals(403, api("manager", MANAGER_PASSWORD, "POST", "/users/henry/reset-link", null).statusCode(),
                "a reset link for a stronger user would be their account");
        assertEquals(403, api("manager", MANAGER_PASSWORD, "POST", "/users/henry/disable", null).statusCode());
        assertEquals(400, api("admin", ADMIN_PASSWORD, "PUT", "/users/henry/roles", "{\"roles\":[\"root\"]}").statusCode(),
                "unknown roles are refused");
        assertEquals(200, api("henry", "yrneh-passphrase-1", "GET", "/users", null).statusCode(),
                "gatehouse-admin has users:manage");
        create("judy", "gatehouse-auditor", "yduj-passphrase-1");
        assertEquals(403, api("judy", "yduj-passphrase-1", "GET", "/users", null).statusCode(), "an auditor has not");
    }

    @Test
    void createWhenTheNameIsAnAccountOfThePropertiesFileThenConflictAndTheFileAccountIsListedReadOnly() throws Exception {
        HttpResponse<String> clash = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"admin\",\"roles\":[\"gatehouse-admin\"],\"password\":\"take-over-the-root1\"}");
        assertEquals(409, clash.statusCode(), clash.body());
        JsonNode list = JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/users", null).body());
        assertEquals("gatehouse", list.get("managedBy").asText());
        JsonNode admin = null;
        for (JsonNode u : list.get("users")) {
            if (u.get("name").asText().equals("admin")) {
                admin = u;
            }
        }
        assertNotNull(admin);
        assertEquals("file", admin.get("source").asText());
        assertFalse(admin.get("editable").asBoolean());
    }

    /** A field a user does not have, or a control character in a password, is refused; nothing is created (catalogue 628-629). */
    @Test
    void createWhenTheBodyHasAnUnknownFieldOrThePasswordAControlCharacterThen400AndNoUser() throws Exception {
        HttpResponse<String> unknown = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"ivy\",\"roles\":[\"gatehouse-auditor\"],\"password\":\"yvi-passphrase-12\",\"isAdmin\":true}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("'isAdmin' is not a known field"), unknown.body());
        HttpResponse<String> nul = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"ivy\",\"roles\":[\"gatehouse-auditor\"],\"password\":\"yvi-pass\\u0000phrase-12\"}");
        assertEquals(400, nul.statusCode(), nul.body());
        assertTrue(nul.body().contains("'password' must not contain control characters"), nul.body());
        assertEquals(404, api("admin", ADMIN_PASSWORD, "GET", "/users/ivy", null).statusCode());
    }

    /** Names are the same ignoring case, shown as first spelt (catalogue 635). */
    @Test
    void createWhenTheNameDiffersOnlyInCaseFromAnAccountOfTheFileOrAUserThenConflictAndSignInMatchesIgnoringCase()
            throws Exception {
        HttpResponse<String> fileLookAlike = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"Admin\",\"roles\":[\"gatehouse-admin\"],\"password\":\"take-over-the-root1\"}");
        assertEquals(409, fileLookAlike.statusCode(), fileLookAlike.body());
        assertTrue(fileLookAlike.body().contains("the same name ignoring case as 'admin', an account of admin-users.properties"),
                fileLookAlike.body());
        create("Erin.Case", "gatehouse-auditor", "nire-passphrase-1");
        HttpResponse<String> lookAlike = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"erin.case\",\"roles\":[\"gatehouse-admin\"],\"password\":\"other-passphrase-1\"}");
        assertEquals(409, lookAlike.statusCode(), lookAlike.body());
        assertTrue(lookAlike.body().contains("a user named 'Erin.Case' exists (names are the same ignoring case)"), lookAlike.body());

        // sign-in matches ignoring case and the session is the user's as stored
        assertEquals("Erin.Case", JSON.readTree(me("ERIN.CASE", "nire-passphrase-1").body()).get("user").asText());
        assertEquals("admin", JSON.readTree(me("ADMIN", ADMIN_PASSWORD).body()).get("user").asText());
        assertEquals(200, api("admin", ADMIN_PASSWORD, "GET", "/users/erin.case", null).statusCode());
        assertEquals("Erin.Case", JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/users/ERIN.CASE", null).body())
                .get("name").asText());

        // the audit's user filter ignores case too: what admin did is found as ADMIN
        int asAdmin = JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/logs?user=admin&kind=admin_action&limit=500", null)
                .body()).size();
        assertTrue(asAdmin > 0);
        assertEquals(asAdmin, JSON.readTree(api("admin", ADMIN_PASSWORD, "GET",
                "/logs?user=ADMIN&kind=admin_action&limit=500", null).body()).size());
    }

    /** Break-glass finds a user's tokens however their name is typed (catalogue 635). */
    @Test
    void revokeUserTokensWhenTheNameIsTypedInAnotherCaseThenTheUsersTokensAreRevoked() throws Exception {
        HttpResponse<String> host = api("admin", ADMIN_PASSWORD, "POST", "/hosts", "{\"name\":\"Case bot\",\"kind\":\"TOKEN\"}");
        assertEquals(201, host.statusCode(), host.body());
        assertEquals(201, api("admin", ADMIN_PASSWORD, "POST", "/gateways", "{\"name\":\"Case gateway\"}").statusCode());
        HttpResponse<String> issued = api("admin", ADMIN_PASSWORD, "POST", "/hosts/" + JSON.readTree(host.body()).get("id").asText()
                + "/connections", "{\"gateway\":\"case-gateway\"}");
        assertEquals(201, issued.statusCode(), issued.body());

        HttpResponse<String> revoked = api("admin", ADMIN_PASSWORD, "POST", "/break-glass/revoke-user-tokens", "{\"user\":\"ADMIN\"}");

        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(JSON.readTree(revoked.body()).get("revoked").asInt() >= 1, revoked.body());
    }

    /** A user changes their own password (catalogue 655-657). */
    @Test
    void changeOwnPasswordWhenTheCurrentIsRightThenTheOtherSessionsEndThisOneStaysAndOnlyTheNewWorks() throws Exception {
        create("paula", "gatehouse-auditor", "aluap-passphrase-1");
        HttpClient here = browser();
        HttpClient elsewhere = browser();
        assertEquals(base + "/", formSignIn(here, "paula", "aluap-passphrase-1"));
        assertEquals(base + "/", formSignIn(elsewhere, "paula", "aluap-passphrase-1"));
        String body = "{\"currentPassword\":\"aluap-passphrase-1\",\"newPassword\":\"aluap-new-passphrase\"}";

        assertEquals(403, consolePost(here, "/api/me/password", body, false).statusCode(), "no CSRF token, no change");
        HttpResponse<String> weak = consolePost(here, "/api/me/password",
                "{\"currentPassword\":\"aluap-passphrase-1\",\"newPassword\":\"short\"}", true);
        assertEquals(400, weak.statusCode(), weak.body());
        assertTrue(weak.body().contains("newPassword: too short: a password needs at least 12 characters"), weak.body());
        assertEquals(400, consolePost(here, "/api/me/password",
                "{\"currentPassword\":\"aluap-passphrase-1\",\"newPassword\":\"aluap-new-passphrase\",\"user\":\"admin\"}",
                true).statusCode(), "unknown fields are refused");
        HttpResponse<String> changed = consolePost(here, "/api/me/password", body, true);
        assertEquals(204, changed.statusCode(), changed.body());

        assertEquals(200, get(here, "/api/me").statusCode(), "the session that changed it goes on");
        assertEquals(401, get(elsewhere, "/api/me").statusCode(), "every other session ends");
        assertEquals(401, me("paula", "aluap-passphrase-1").statusCode());
        assertEquals(200, me("paula", "aluap-new-passphrase").statusCode());
        List<AuditEvent> audit = adminActions();
        assertTrue(audit.stream().anyMatch(e -> "paula".equals(e.actor())
                && e.detail().startsWith("user.password-changed: paula")), audit::toString);
        assertTrue(audit.stream().noneMatch(e -> String.valueOf(e.detail()).contains("aluap-")));
    }

    @Test
    void changeOwnPasswordWhenTheCurrentIsGuessedThenWrongCountsLikeASignInAndTheRightOneWaitsToo() throws Exception {
        create("quinn", "gatehouse-auditor", "nniuq-passphrase-1");
        HttpClient browser = browser();
        assertEquals(base + "/", formSignIn(browser, "quinn", "nniuq-passphrase-1"));
        int status = 0;
        for (int i = 0; i < 10 && status != 429; i++) {
            HttpResponse<String> r = consolePost(browser, "/api/me/password",
                    "{\"currentPassword\":\"guess-number-" + i + "\",\"newPassword\":\"nniuq-new-passphrase\"}", true);
            status = r.statusCode();
            if (status != 429) {
                assertEquals(400, status, r.body());
                assertTrue(r.body().contains("the current password is wrong"), r.body());
            } else {
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
            }
        }
        assertEquals(429, status, "wrong current passwords start the sign-in wait");
        assertEquals(429, consolePost(browser, "/api/me/password",
                "{\"currentPassword\":\"nniuq-passphrase-1\",\"newPassword\":\"nniuq-new-passphrase\"}", true).statusCode(),
                "the right current password waits too");
        assertTrue(running.gatehouse().audit().query(AuditQuery.newest(500)).stream().anyMatch(e -> e.kind() == AuditKind.SIGN_IN
                && "quinn".equals(e.actor()) && String.valueOf(e.detail()).contains("the current password is wrong")));
    }

    @Test
    void changeOwnPasswordWhenTheUserIsAnAccountOfTheFileThenConflict() throws Exception {
        HttpResponse<String> file = api("admin", ADMIN_PASSWORD, "POST", "/me/password",
                "{\"currentPassword\":\"" + ADMIN_PASSWORD + "\",\"newPassword\":\"admin-new-passphrase\"}");
        assertEquals(409, file.statusCode(), file.body());
        assertTrue(file.body().contains("edit admin-users.properties"), file.body());
        assertEquals(200, me("admin", ADMIN_PASSWORD).statusCode());
    }

    /** An admin edits a user's display name and e-mail (catalogue 658-659). */
    @Test
    void editWhenDisplayNameAndEmailAreGivenThenTheyChangeAbsentFieldsStayAndUnknownFieldsAreRefused() throws Exception {
        create("rosa", "gatehouse-auditor", "asor-passphrase-1");
        HttpResponse<String> edited = api("admin", ADMIN_PASSWORD, "PATCH", "/users/rosa",
                "{\"displayName\":\"Rosa Example\",\"email\":\"rosa@example.com\"}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertEquals("Rosa Example", JSON.readTree(edited.body()).get("displayName").asText());
        HttpResponse<String> cleared = api("admin", ADMIN_PASSWORD, "PATCH", "/users/ROSA", "{\"email\":null}");
        assertEquals(200, cleared.statusCode(), cleared.body());
        JsonNode rosa = JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/users/rosa", null).body());
        assertEquals("Rosa Example", rosa.get("displayName").asText(), "an absent field stays");
        assertTrue(rosa.get("email").isNull(), "null clears");

        HttpResponse<String> unknown = api("admin", ADMIN_PASSWORD, "PATCH", "/users/rosa",
                "{\"displayName\":\"Mallory\",\"roles\":[\"gatehouse-admin\"]}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("'roles' is not a known field"), unknown.body());
        assertEquals(400, api("admin", ADMIN_PASSWORD, "PATCH", "/users/rosa", "{\"email\":\"not an address\"}").statusCode());
        assertEquals("Rosa Example", JSON.readTree(api("admin", ADMIN_PASSWORD, "GET", "/users/rosa", null).body())
                .get("displayName").asText(), "a refused edit changes nothing");
        assertEquals(409, api("admin", ADMIN_PASSWORD, "PATCH", "/users/admin", "{\"displayName\":\"Root\"}").statusCode(),
                "the file's accounts are edited in the file");
        assertEquals(404, api("admin", ADMIN_PASSWORD, "PATCH", "/users/nobody-here", "{\"displayName\":\"X\"}").statusCode());
        create("sven", "gatehouse-admin", "nevs-passphrase-1");
        assertEquals(403, api("manager", MANAGER_PASSWORD, "PATCH", "/users/sven", "{\"email\":\"mallory@example.com\"}")
                .statusCode(), "only on users with no capability the editor lacks");
        assertTrue(adminActions().stream().anyMatch(e -> "admin".equals(e.actor())
                && e.detail().startsWith("user.edited: rosa displayName=Rosa Example")));
    }

    /** A one-time link's page learns whom the link is for, and only for a usable link (catalogue 660). */
    @Test
    void linkInfoWhenTheLinkIsUsableThenItNamesTheUserAndOnceUsedOrMadeUpItRevealsNothing() throws Exception {
        JsonNode invited = JSON.readTree(api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"Tomas.Invited\",\"roles\":[\"gatehouse-auditor\"]}").body());
        String url = invited.get("invitation").get("url").asText();
        String secret = url.substring(url.indexOf('#') + 1);
        HttpResponse<String> info = linkInfo(secret);
        assertEquals(200, info.statusCode(), info.body());
        JsonNode whom = JSON.readTree(info.body());
        assertEquals("Tomas.Invited", whom.get("user").asText());
        assertEquals("invite", whom.get("purpose").asText());
        assertEquals("no-store", info.headers().firstValue("Cache-Control").orElse(""));

        assertEquals(204, setPassword(secret, "a-long-passphrase-of-tomas").statusCode());
        HttpResponse<String> used = linkInfo(secret);
        HttpResponse<String> madeUp = linkInfo("made-up-secret-made-up-secret-made-up-secr");
        assertEquals(404, used.statusCode());
        assertEquals(404, madeUp.statusCode());
        assertEquals(madeUp.body(), used.body(), "a used link and a made-up one answer alike");
        assertFalse(used.body().contains("Tomas"), used.body());
        assertEquals(400, linkInfo(null).statusCode(), "the secret is required");
    }

    private static void create(String name, String role, String password) throws Exception {
        HttpResponse<String> r = api("admin", ADMIN_PASSWORD, "POST", "/users",
                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"],\"password\":\"" + password + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    private static String link(HttpResponse<String> reply) throws Exception {
        assertEquals(200, reply.statusCode(), reply.body());
        String url = JSON.readTree(reply.body()).get("url").asText();
        return url.substring(url.indexOf('#') + 1);
    }

    private static HttpResponse<String> setPassword(String secret, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("secret", secret, "password", password));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/account/password"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> linkInfo(String secret) throws Exception {
        String body = secret == null ? "{}" : JSON.writeValueAsString(Map.of("secret", secret));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/account/link"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(String user, String password, String method, String path, String body)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api" + path)).header("Authorization", "Basic " + basic)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> me(String user, String password) throws Exception {
        return api(user, password, "GET", "/me", null);
    }

    /** A console POST from the signed-in browser, from the console's origin, with its CSRF token or without. */
    private static HttpResponse<String> consolePost(HttpClient browser, String path, String body, boolean withToken)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-Gatehouse-Console", "1")
                .header("Origin", "http://127.0.0.1:" + running.port()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header("X-CSRF-Token", JSON.readTree(get(browser, "/console/session").body()).get("csrfToken").asText());
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient browser, String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Gatehouse-Console", "1").build(),
                HttpResponse.BodyHandlers.ofString());
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
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                response.statusCode() + " " + response.body()));
        return location.startsWith("/") ? "http://127.0.0.1:" + running.port() + location : location;
    }

    private static List<AuditEvent> adminActions() {
        return running.gatehouse().audit().query(AuditQuery.newest(500)).stream()
                .filter(r -> r.kind() == AuditKind.ADMIN_ACTION).toList();
    }
}
