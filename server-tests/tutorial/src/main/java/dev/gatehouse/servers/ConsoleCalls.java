package dev.gatehouse.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.browser.ConsoleBrowser;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the single sign-on tests of the application servers do in the signed-in console page: call the admin API as the
 * console's own script does, read audit records back (sign-ins once they are all written), call the admin API with
 * HTTP Basic, and wait for a page saying where the browser is when it is not.
 */
public final class ConsoleCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleCalls() {
    }

    /**
     * Issues a same-origin request from the console page, as the console's own script does (its session, the CSRF
     * token of {@code console/session}); the status and body.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> call(ConsoleBrowser browser, String method, String path, String body) {
        return (Map<String, Object>) browser.asyncScript("""
                const [method, path, body, done] = arguments;
                fetch('console/session', {credentials: 'same-origin'}).then(r => r.json()).then(session =>
                  fetch(path, {method, credentials: 'same-origin', body: body || undefined, headers: {
                    'Accept': 'application/json', 'Content-Type': 'application/json', 'X-Gatehouse-Console': '1',
                    'X-CSRF-Token': session.csrfToken}}))
                  .then(async r => done({status: r.status, body: await r.text()}), e => done({status: -1, body: String(e)}));
                """, method, path, body);
    }

    /** The {@code actor} and {@code detail} of each audit record of a logs reply, oldest first. */
    public static List<String> records(Map<String, Object> reply) throws Exception {
        List<String> found = new ArrayList<>();
        for (JsonNode r : JSON.readTree((String) reply.get("body"))) {
            found.add(0, r.path("actor").asText() + " " + r.path("detail").asText());
        }
        return found;
    }

    /** The {@code id} of the JSON object a reply carries. */
    public static String id(Map<String, Object> reply) throws Exception {
        return JSON.readTree((String) reply.get("body")).get("id").asText();
    }

    /** Waits for {@code condition}; when it does not come, the failure says where the browser is and what it shows. */
    public static void shows(ConsoleBrowser browser, String what, Function<WebDriver, ?> condition) {
        try {
            browser.waitFor(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("not at " + what + ": at " + browser.driver().getCurrentUrl() + " showing "
                    + browser.script("return document.body ? document.body.innerText : ''"), e);
        }
    }

    /**
     * The {@code sign_in} records of {@code user}, oldest first, once every record written before this call is in: a
     * failed Basic sign-in of a fresh name at {@code base} is written after them (the audit log has one writer), so
     * once it is in, so are they.
     */
    public static List<JsonNode> settledSignIns(ConsoleBrowser browser, String base, String user) throws Exception {
        String sentinel = "sentinel-" + System.nanoTime();
        HttpResponse<String> refused = basic(base, sentinel, "not-a-password");
        if (refused.statusCode() != 401) {
            throw new AssertionError("the sentinel's Basic sign-in answered " + refused.statusCode() + ": " + refused.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Map<String, Object> reply = call(browser, "GET", "api/logs?kind=sign_in&limit=500", null);
            if (!Long.valueOf(200).equals(reply.get("status"))) {
                throw new AssertionError("the sign-in records could not be read: " + reply);
            }
            List<JsonNode> found = new ArrayList<>();
            boolean settled = false;
            for (JsonNode r : JSON.readTree((String) reply.get("body"))) {
                settled |= sentinel.equals(r.path("actor").asText());
                if (user.equals(r.path("actor").asText())) {
                    found.add(0, r);
                }
            }
            if (settled) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the failed sign-in of " + sentinel + " was not recorded: " + reply);
            }
            Thread.sleep(100);
        }
    }

    /** {@code GET /gatehouse-admin/api/me} at {@code base} with HTTP Basic. */
    public static HttpResponse<String> basic(String base, String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/gatehouse-admin/api/me"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
