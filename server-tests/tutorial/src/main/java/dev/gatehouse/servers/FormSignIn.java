package dev.gatehouse.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's FORM sign-in over plain HTTP, cookies kept by hand so the test sees every
 * {@code Set-Cookie} the server sends: the anonymous visit that opens a session, {@code j_security_check},
 * and the redirect back to the console.
 *
 * @param anonymousId    the session id the server gave before the sign-in (what an attacker could plant)
 * @param signedInId     the session id the browser holds once signed in
 * @param sessionCookies every {@code Set-Cookie} of the session cookie seen on the way
 */
public record FormSignIn(String anonymousId, String signedInId, List<String> sessionCookies) {
    private static final String COOKIE = "JSESSIONID";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT).build();

    /** Signs in at the console {@code adminUrl} (such as {@code http://127.0.0.1:8080/gatehouse-admin}). */
    public static FormSignIn signIn(String adminUrl, String user, String password) throws Exception {
        List<String> seen = new ArrayList<>();
        HttpResponse<String> visit = send(HttpRequest.newBuilder(URI.create(adminUrl + "/")).GET(), null);
        String anonymous = sessionId(visit, seen).orElseThrow(() -> new AssertionError(
                "the console's first visit opened no session: " + visit.statusCode() + " " + visit.headers().map()));
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(adminUrl + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", URI.create(adminUrl).resolve("/").toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.ofString(form)), anonymous);
        if (login.statusCode() != 302 && login.statusCode() != 303) {
            throw new AssertionError("j_security_check answered " + login.statusCode() + ": " + login.body());
        }
        String current = sessionId(login, seen).orElse(anonymous);
        URI back = login.uri().resolve(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> landing = send(HttpRequest.newBuilder(back).GET(), current);
        current = sessionId(landing, seen).orElse(current);
        return new FormSignIn(anonymous, current, List.copyOf(seen));
    }

    /**
     * One sign-in through the form, as a browser (or someone guessing passwords) posts it: whether it signed
     * {@code user} in. A refused sign-in is the container's error page instead of the redirect back.
     */
    public static boolean signsIn(String adminUrl, String user, String password) throws Exception {
        HttpResponse<String> visit = send(HttpRequest.newBuilder(URI.create(adminUrl + "/")).GET(), null);
        Optional<String> anonymous = sessionId(visit, new ArrayList<>());
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(adminUrl + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), anonymous.orElse(null));
        if (login.statusCode() != 302 && login.statusCode() != 303) {
            return false;
        }
        String current = sessionId(login, new ArrayList<>()).orElse(anonymous.orElse(null));
        return current != null && userOf(adminUrl, current).filter(user::equals).isPresent();
    }

    /** Who the session {@code id} is signed in as, by the console's own session endpoint; empty if nobody. */
    public static Optional<String> userOf(String adminUrl, String id) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(adminUrl + "/console/session")).GET(), id);
        if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return Optional.empty();
        }
        JsonNode user = JSON.readTree(r.body()).path("user");
        return user.isTextual() ? Optional.of(user.asText()) : Optional.empty();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String sessionId) throws Exception {
        if (sessionId != null) {
            request.header("Cookie", COOKIE + "=" + sessionId);
        }
        return HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionId(HttpResponse<String> response, List<String> seen) {
        Optional<String> id = Optional.empty();
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            if (cookie.startsWith(COOKIE + "=")) {
                seen.add(cookie);
                id = Optional.of(cookie.substring(COOKIE.length() + 1).split(";", 2)[0]);
            }
        }
        return id;
    }
}
