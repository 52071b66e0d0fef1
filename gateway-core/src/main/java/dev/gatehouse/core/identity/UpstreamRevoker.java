package dev.gatehouse.core.identity;

import dev.gatehouse.core.net.OutboundHttp;
import dev.gatehouse.core.text.LogText;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Tells the upstream's authorization server that a deleted OAuth identity's tokens are revoked (RFC 7009),
 * where it offers a revocation endpoint: the refresh token (which ends the grant's access tokens too at
 * most servers), then the access token. Best effort and off the request thread: the credentials are already
 * deleted here and the calls using them stopped; a server that does not answer is logged, not retried.
 * Outbound through the SSRF guard ({@link OutboundHttp}).
 */
public final class UpstreamRevoker implements Consumer<IdentityStore.Deleted> {
    private static final System.Logger LOG = System.getLogger(UpstreamRevoker.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ANSWER = 64 * 1024;

    private final OutboundHttp http;
    private final Executor executor;

    public UpstreamRevoker(OutboundHttp http, Executor executor) {
        this.http = http;
        this.executor = executor;
    }

    @Override
    public void accept(IdentityStore.Deleted deleted) {
        if (deleted.revocationEndpoint() == null || deleted.clientId() == null
                || deleted.refreshToken() == null && deleted.accessToken() == null) {
            return;
        }
        executor.execute(() -> {
            if (deleted.refreshToken() != null) {
                revoke(deleted, deleted.refreshToken(), "refresh_token");
            }
            if (deleted.accessToken() != null) {
                revoke(deleted, deleted.accessToken(), "access_token");
            }
        });
    }

    /** Synchronously, for tests and the command-line harness: true when the server answered 200. */
    public boolean revoke(IdentityStore.Deleted deleted, String token, String hint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        deleted.authMethod().apply(deleted.clientId(), deleted.clientSecret(), headers, form); // as at the token endpoint
        try {
            OutboundHttp.Response answer = http.send("POST", URI.create(deleted.revocationEndpoint()), headers,
                    form(form).getBytes(StandardCharsets.UTF_8), TIMEOUT, MAX_ANSWER);
            LOG.log(answer.status() == 200 ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "upstream identity " + deleted.identity().id() + ": revocation of its " + hint + " at "
                            + LogText.safe(deleted.revocationEndpoint()) + " answered " + answer.status());
            return answer.status() == 200;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "upstream identity " + deleted.identity().id() + ": revocation of its "
                    + hint + " at " + LogText.safe(deleted.revocationEndpoint()) + " failed: " + LogText.cause(e));
            return false;
        }
    }

    /** {@code application/x-www-form-urlencoded} (the OAuth token and revocation endpoints' body, a query). */
    static String form(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    /** HTTP Basic client authentication as RFC 6749 section 2.3.1 has it (each part form-encoded first). */
    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
