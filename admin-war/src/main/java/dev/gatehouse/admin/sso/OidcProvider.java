package dev.gatehouse.admin.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The organisation's OpenID provider as the console's client sees it: its metadata from discovery (OpenID Connect
 * Discovery 1.0; the {@code issuer} it states must be the configured one, section 4.3), its signing keys from
 * {@code jwks_uri} (read again, at most every 10 seconds, when a token names a key not seen yet: key rotation), and
 * the code exchange at its token endpoint (RFC 6749 section 4.1.3 with the PKCE verifier, RFC 7636; the client
 * secret, when there is one, by HTTP Basic, section 2.3.1). Replies are bounded; redirects are not followed.
 */
public final class OidcProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KEYS_REFRESH = Duration.ofSeconds(10);
    private static final int MAX_BODY = 256 * 1024;

    /** What discovery says; {@code endSession} is optional (RP-initiated logout). */
    public record Metadata(String issuer, URI authorization, URI token, URI jwks, Optional<URI> endSession) {
    }

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).executor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "gatehouse-oidc");
                t.setDaemon(true);
                return t;
            })).build();
    private volatile Metadata metadata;
    private volatile JWKSet keys;
    private volatile Instant keysReadAt = Instant.EPOCH;

    public OidcProvider(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public OidcSettings settings() {
        return settings;
    }

    /** @throws OidcFailure when the provider cannot be read or says another issuer */
    public Metadata metadata() {
        Metadata known = metadata;
        if (known != null) {
            return known;
        }
        String base = settings.issuer().toString().replaceAll("/+$", "");
        JsonNode doc = getJson(URI.create(base + "/.well-known/openid-configuration"), "discovery");
        String issuer = doc.path("issuer").asText("");
        if (!issuer.equals(settings.issuer().toString()) && !issuer.equals(base)) {
            throw new OidcFailure("the provider's discovery names issuer '" + issuer + "', not the configured '"
                    + settings.issuer() + "'");
        }
        known = new Metadata(issuer, uri(doc, "authorization_endpoint"), uri(doc, "token_endpoint"), uri(doc, "jwks_uri"),
                Optional.ofNullable(doc.get("end_session_endpoint")).map(n -> URI.create(n.asText())));
        metadata = known;
        return known;
    }

    /** The provider's keys; read again when {@code kid} is not among them (not more often than every 10 s). */
    public JWKSet keys(String kid) {
        JWKSet current = keys;
        boolean unknown = current == null || (kid != null && current.getKeyByKeyId(kid) == null);
        if (unknown && (current == null || clock.instant().isAfter(keysReadAt.plus(KEYS_REFRESH)))) {
            try {
                current = JWKSet.parse(getText(metadata().jwks(), "jwks"));
            } catch (java.text.ParseException e) {
                throw new OidcFailure("the provider's key set is not a JWK set");
            }
            keys = current;
            keysReadAt = clock.instant();
        }
        return current;
    }

    /** Exchanges the code for the provider's tokens; the reply's {@code id_token}. */
    public String exchange(String code, URI redirectUri, String verifier) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        form.put("client_id", settings.clientId());
        HttpRequest.Builder request = HttpRequest.newBuilder(metadata().token()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
        settings.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((encode(settings.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> reply = send(request.build(), "token");
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new OidcFailure("the token endpoint answered " + reply.statusCode() + " without JSON");
        }
        if (reply.statusCode() != 200) {
            throw new OidcFailure("the token endpoint refused the code: " + reply.statusCode() + " "
                    + safe(body.path("error").asText("no error code")));
        }
        String idToken = body.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new OidcFailure("the token endpoint's reply has no id_token (is 'openid' among the scopes?)");
        }
        return idToken;
    }

    private JsonNode getJson(URI uri, String what) {
        try {
            return JSON.readTree(getText(uri, what));
        } catch (IOException e) {
            throw new OidcFailure("the provider's " + what + " is not JSON");
        }
    }

    private String getText(URI uri, String what) {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                .GET().build(), what);
        if (reply.statusCode() != 200) {
            throw new OidcFailure("the provider's " + what + " answered " + reply.statusCode());
        }
        return reply.body();
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (reply.body().length() > MAX_BODY) {
                throw new OidcFailure("the provider's " + what + " reply is larger than " + MAX_BODY + " characters");
            }
            return reply;
        } catch (IOException e) {
            throw new OidcFailure("the provider's " + what + " at " + request.uri() + " could not be reached: "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcFailure("interrupted while asking the provider's " + what);
        }
    }

    private static URI uri(JsonNode doc, String field) {
        String value = doc.path(field).asText("");
        if (value.isEmpty()) {
            throw new OidcFailure("the provider's discovery has no " + field);
        }
        return URI.create(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String safe(String text) {
        return text.length() > 100 ? text.substring(0, 100) : text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
