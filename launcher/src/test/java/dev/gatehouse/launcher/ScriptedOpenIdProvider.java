package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An OpenID provider whose ID tokens a test writes, for the hostile cases a certified provider would never produce
 * (another audience, expired, unsigned, signed by a stranger): discovery, a key set, an authorization endpoint that
 * answers at once with a code, and a token endpoint that checks code (once), redirect URI and PKCE verifier as a real
 * one does. The friendly path is tested against {@code oidc-provider} in integration-tests.
 */
final class ScriptedOpenIdProvider implements AutoCloseable {
    static final String CLIENT_ID = "gatehouse-console";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the next ID token holds: the claims a real provider would give, changed by the test. */
    record Issued(String code, String redirectUri, String challenge, String nonce) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey stranger;
    private final Map<String, Issued> codes = new ConcurrentHashMap<>();
    volatile String user = "olivia";
    volatile List<String> groups = List.of("gatehouse-admins");
    volatile UnaryOperator<JWTClaimsSet.Builder> claims = UnaryOperator.identity();
    volatile String token; // when set, the token endpoint answers with exactly this id_token
    volatile boolean signWithStranger;

    ScriptedOpenIdProvider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", x -> reply(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A token as the provider would sign it (with its own key, or a stranger's), for the test to alter or replay. */
    String sign(JWTClaimsSet set, JWSAlgorithm alg, boolean strangerKey) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID("k1").type(JOSEObjectType.JWT).build(), set);
        jwt.sign(new RSASSASigner(strangerKey ? stranger : key));
        return jwt.serialize();
    }

    JWTClaimsSet.Builder standardClaims(String nonce) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject("sub-" + user).audience(CLIENT_ID)
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000)).claim("nonce", nonce)
                .claim("preferred_username", user).claim("name", "Olivia Example").claim("email", user + "@example.com")
                .claim("groups", groups);
    }

    private void discovery(HttpExchange x) throws IOException {
        reply(x, 200, JSON.writeValueAsString(Map.of("issuer", issuer(), "authorization_endpoint", issuer() + "/authorize",
                "token_endpoint", issuer() + "/token", "jwks_uri", issuer() + "/jwks", "end_session_endpoint", issuer() + "/logout",
                "id_token_signing_alg_values_supported", List.of("RS256"))));
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        String code = "code-" + java.util.UUID.randomUUID();
        codes.put(code, new Issued(code, q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce")));
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Issued issued = codes.remove(f.getOrDefault("code", ""));
        if (issued == null || !issued.redirectUri().equals(f.get("redirect_uri")) || !CLIENT_ID.equals(f.get("client_id"))
                || !issued.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
            reply(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            String idToken = token != null ? token
                    : sign(claims.apply(standardClaims(issued.nonce())).build(), JWSAlgorithm.RS256, signWithStranger);
            reply(x, 200, JSON.writeValueAsString(Map.of("access_token", "at", "token_type", "Bearer", "id_token", idToken)));
        } catch (Exception e) {
            reply(x, 500, "{\"error\":\"server_error\"}");
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
