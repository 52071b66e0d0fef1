package dev.gatehouse.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jpa.JpaUpstreamGrants;
import dev.gatehouse.core.net.OutboundHttp;
import dev.gatehouse.core.oauth.Pkce;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.token.TokenHasher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gatehouse as an OAuth 2.1 client of its upstream MCP servers (the MCP authorization spec, client side):
 * the authorization server found by {@link OAuthDiscovery}; the client registered dynamically (RFC 7591)
 * unless the admin entered one; a sign-in sent with PKCE S256, {@code state}, the {@code resource}
 * (RFC 8707) and the challenge's scopes, and completed at Gatehouse's callback by the same user in the same
 * browser; the access token refreshed before it expires, one refresh at a time per identity across the
 * cluster (rotation honoured), a refused refresh marking the identity {@code needs-reauthorization}.
 */
public final class UpstreamOAuth implements IdentityRefresher {
    /** Refreshed this long before it expires, so no call goes out with a token about to lapse. */
    static final Duration EARLY = Duration.ofSeconds(60);
    /** How long one node holds the refresh of an identity. */
    static final Duration CLAIM = Duration.ofSeconds(30);
    /** How long a sign-in may take, from the start to the callback. */
    static final Duration SIGN_IN = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ANSWER = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(UpstreamOAuth.class.getName());

    private final JpaUpstreamGrants grants;
    private final OAuthDiscovery discovery;
    private final OutboundHttp http;
    private final Clock clock;
    private final Consumer<IdentityStore.Deleted> revoker;
    private final SecureRandom random = new SecureRandom();

    public UpstreamOAuth(JpaUpstreamGrants grants, OutboundHttp http, Clock clock, Consumer<IdentityStore.Deleted> revoker) {
        this.grants = grants;
        this.discovery = new OAuthDiscovery(http);
        this.http = http;
        this.clock = clock;
        this.revoker = revoker;
    }

    /** Where the user's browser goes to sign in, and the binding the browser keeps until it comes back. */
    public record SignIn(String authorizationUrl, String binding) {
        @Override
        public String toString() {
            return "SignIn[" + authorizationUrl + "]";
        }
    }

    /** The sign-in failed: a message for the user, never a secret. */
    public static final class SignInFailed extends Exception {
        public SignInFailed(String message) {
            super(message);
        }
    }

    /**
     * Starts {@code owner}'s sign-in to the server (null owner: its shared identity). {@code redirectUri} is
     * Gatehouse's callback as the browser reaches it; {@code returnTo} where the browser goes afterwards.
     */
    public SignIn start(String server, String owner, String redirectUri, String returnTo) throws SignInFailed {
        return start(server, owner, new ClientIdentity(redirectUri, null), returnTo);
    }

    /**
     * How Gatehouse names itself to an upstream's authorization server: its callback, and the https URL of its
     * Client ID Metadata Document (null where it has none: Gatehouse reached over plain HTTP).
     */
    public record ClientIdentity(String redirectUri, String metadataDocumentUrl) {
        public ClientIdentity {
            if (metadataDocumentUrl != null && !metadataDocumentUrl.startsWith("https://")) {
                metadataDocumentUrl = null; // a client id URL must be https (draft-ietf-oauth-client-id-metadata-document)
            }
        }
    }

    /** As {@link #start(String, String, String, String)}, naming Gatehouse by {@code clientIdentity}. */
    public SignIn start(String server, String owner, ClientIdentity clientIdentity, String returnTo) throws SignInFailed {
        String serverId = grants.serverId(server);
        OAuthClientConfig client = client(serverId, clientIdentity);
        String state = randomText(32);
        String verifier = randomText(48);
        String binding = randomText(32);
        grants.begin(state, serverId, owner, TokenHasher.hash(binding), verifier, client.redirectUri(), returnTo,
                clock.instant().plus(SIGN_IN));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", client.redirectUri());
        query.put("state", state);
        query.put("code_challenge", Pkce.challengeOf(verifier));
        query.put("code_challenge_method", Pkce.S256);
        if (client.server().resource() != null) {
            query.put("resource", client.server().resource());
        }
        // after a step-up, the owner's next sign-in asks for the scope the upstream challenged for too
        String scope = Scopes.union(client.server().scope(), grants.wantedScope(serverId, owner).orElse(null));
        if (scope != null) {
            query.put("scope", scope);
        }
        String endpoint = client.server().authorizationEndpoint();
        return new SignIn(endpoint + (endpoint.contains("?") ? "&" : "?") + UpstreamRevoker.form(query), binding);
    }

    /**
     * An upstream answered a call made with the identity {@code use} 403 {@code insufficient_scope}, naming
     * {@code challenged} (MCP authorization, "Scope Challenge Handling"): an OAuth identity is marked
     * needs-reauthorization with the union of its scope and the challenged one, which its owner's next sign-in asks
     * for. The message for the client (where to re-authorize, and the scope); empty when the identity is no OAuth
     * grant (a pasted secret cannot be widened: the upstream's refusal stands) or the scope is not well-formed.
     */
    public Optional<String> stepUp(dev.gatehouse.core.model.IdentityUse use, String server, String challenged) {
        String scope = Scopes.wellFormed(challenged);
        if (use == null || use.identityId() == null || scope == null) {
            return Optional.empty();
        }
        return grants.stepUp(use.identityId(), scope).map(wanted -> {
            LOG.log(System.Logger.Level.INFO, "upstream identity " + use.identityId() + " of server " + LogText.safe(server)
                    + ": the upstream asked for scope '" + LogText.safe(scope) + "', needs re-authorization");
            return use.owner() == null
                    ? "Server '" + server + "' asks for more permission than its shared identity grants (scope '" + wanted
                    + "'): an admin must sign in to it again " + IdentityResolver.WHERE + ", then call again"
                    : "Server '" + server + "' asks for more permission than your identity grants (scope '" + wanted
                    + "'): sign in to it again " + IdentityResolver.WHERE + ", then call again";
        });
    }

    /** The completed sign-in's identity. */
    public record Completed(UpstreamIdentity identity, String returnTo) {
    }

    /**
     * The callback: the state must be one this Gatehouse issued, unused and unexpired, started by the same
     * browser ({@code binding}) and, when the callback carries a signed-in user, by that user; the code is then
     * exchanged (with the PKCE verifier and the resource) and the grant stored as the owner's identity.
     */
    public Completed complete(String state, String code, String error, String binding, String signedInUser) throws SignInFailed {
        Optional<JpaUpstreamGrants.Pending> taken = grants.take(state);
        if (taken.isEmpty()) {
            throw new SignInFailed("This sign-in is unknown or was already used; start it again from Gatehouse.");
        }
        JpaUpstreamGrants.Pending p = taken.get();
        if (p.expiresAt().isBefore(clock.instant())) {
            throw new SignInFailed("This sign-in took too long; start it again from Gatehouse.");
        }
        if (binding == null || !TokenHasher.matches(binding, p.sessionHash())) {
            throw new SignInFailed("This sign-in was started in another browser or session; start it again from Gatehouse.");
        }
        if (signedInUser != null && p.owner() != null && !signedInUser.equals(p.owner())) {
            throw new SignInFailed("This sign-in was started by another user.");
        }
        if (error != null) {
            throw new SignInFailed("The server's authorization server refused the sign-in: " + LogText.safe(error));
        }
        if (code == null || code.isEmpty()) {
            throw new SignInFailed("The server's authorization server sent no code.");
        }
        OAuthClientConfig client = grants.client(p.serverId()).orElseThrow(() -> new SignInFailed(
                "The server's OAuth client registration is gone; start again."));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", p.redirectUri());
        form.put("code_verifier", p.verifier());
        if (client.server().resource() != null) {
            form.put("resource", client.server().resource());
        }
        TokenAnswer answer = token(client.server().tokenEndpoint(), client.clientId(), client.clientSecret(),
                client.authMethod(), form);
        if (answer.tokens() == null) {
            throw new SignInFailed("The server's authorization server refused the code: " + answer.error());
        }
        JpaUpstreamGrants.StoredGrant stored = grants.store(p.serverId(), p.owner(), answer.tokens(), client, p.owner());
        if (stored.replaced() != null) {
            revoker.accept(stored.replaced()); // the grant this sign-in replaces is of no use any more
        }
        return new Completed(stored.identity(), p.returnTo());
    }

    /**
     * The server's client, in the MCP authorization spec's order: one the admin entered (pre-registration); else
     * Gatehouse's Client ID Metadata Document URL as the client id where the authorization server advertises
     * {@code client_id_metadata_document_supported}; else a dynamic registration (RFC 7591), made now.
     */
    private OAuthClientConfig client(String serverId, ClientIdentity identity) throws SignInFailed {
        String redirectUri = identity.redirectUri();
        Optional<OAuthClientConfig> known = grants.client(serverId);
        if (known.isPresent() && redirectUri.equals(known.get().redirectUri())) {
            return known.get();
        }
        AuthorizationServerInfo as;
        try {
            as = discovery.discover(URI.create(grants.serverUrl(serverId)));
        } catch (OAuthDiscovery.DiscoveryFailed e) {
            throw new SignInFailed("Gatehouse could not find the authorization server of server '"
                    + grants.serverSlug(serverId) + "': " + e.getMessage());
        }
        if (known.isPresent() && !known.get().registered()) { // entered by the admin: kept, endpoints refreshed
            OAuthClientConfig entered = new OAuthClientConfig(as, known.get().clientId(), known.get().clientSecret(),
                    redirectUri, false, ClientAuthMethod.choose(known.get().clientSecret(), null, as.tokenAuthMethods()));
            grants.saveClient(serverId, entered);
            return entered;
        }
        if (as.clientIdMetadataDocumentSupported() && identity.metadataDocumentUrl() != null) {
            OAuthClientConfig byDocument = new OAuthClientConfig(as, identity.metadataDocumentUrl(), null, redirectUri, true,
                    ClientAuthMethod.NONE);
            grants.saveClient(serverId, byDocument);
            return byDocument;
        }
        if (as.registrationEndpoint() == null) {
            throw new SignInFailed("The authorization server of server '" + grants.serverSlug(serverId)
                    + "' offers no dynamic client registration: an admin must enter a client id for it"
                    + (as.clientIdMetadataDocumentSupported() ? " (it takes a Client ID Metadata Document, which Gatehouse"
                    + " offers only when reached over https: set public-base-url to its https address)" : ""));
        }
        ObjectNode request = JSON.createObjectNode().put("client_name", "Gatehouse")
                .put("token_endpoint_auth_method", "none");
        request.putArray("redirect_uris").add(redirectUri);
        request.putArray("grant_types").add("authorization_code").add("refresh_token");
        request.putArray("response_types").add("code");
        if (as.scope() != null) {
            request.put("scope", as.scope());
        }
        try {
            OutboundHttp.Response r = http.send("POST", URI.create(as.registrationEndpoint()),
                    Map.of("Content-Type", "application/json", "Accept", "application/json"),
                    request.toString().getBytes(StandardCharsets.UTF_8), TIMEOUT, MAX_ANSWER);
            JsonNode body = JSON.readTree(r.body());
            if (r.status() / 100 != 2 || body == null || !body.path("client_id").isTextual()) {
                throw new SignInFailed("The authorization server refused Gatehouse's registration (HTTP " + r.status() + ")");
            }
            String secret = body.path("client_secret").isTextual() ? body.path("client_secret").textValue() : null;
            // asked as a public client, a server may still issue a secret: then it is used as the server says
            OAuthClientConfig registered = new OAuthClientConfig(as, body.path("client_id").textValue(), secret, redirectUri,
                    true, ClientAuthMethod.choose(secret, body.path("token_endpoint_auth_method").asText(null),
                    as.tokenAuthMethods()));
            grants.saveClient(serverId, registered);
            return registered;
        } catch (IOException e) {
            throw new SignInFailed("Gatehouse could not register with the authorization server: " + e.getMessage());
        }
    }

    /** Sets the client id (and secret) the admin registered at the upstream's authorization server by hand. */
    public void enterClient(String server, String clientId, String clientSecret, String redirectUri) throws SignInFailed {
        String serverId = grants.serverId(server);
        if (clientId == null || clientId.isBlank() || clientId.length() > 2048) {
            throw RequestRejected.invalid("'clientId' must be 1 to 2048 characters");
        }
        AuthorizationServerInfo as;
        try {
            as = discovery.discover(URI.create(grants.serverUrl(serverId)));
        } catch (OAuthDiscovery.DiscoveryFailed e) {
            throw new SignInFailed("Gatehouse could not find the authorization server: " + e.getMessage());
        }
        grants.saveClient(serverId, new OAuthClientConfig(as, clientId, clientSecret, redirectUri, false,
                ClientAuthMethod.choose(clientSecret, null, as.tokenAuthMethods())));
    }

    @Override
    public IdentityStore.Standing fresh(IdentityStore.Standing standing) {
        UpstreamIdentity identity = standing.identity();
        if (identity.kind() != UpstreamIdentity.Kind.OAUTH || identity.status() != UpstreamIdentity.Status.ACTIVE
                || identity.expiresAt() == null || identity.expiresAt().isAfter(clock.instant().plus(EARLY))) {
            return standing;
        }
        return refresh(identity.id()).orElse(standing);
    }

    /**
     * Refreshes the identity now, or waits for the node that is refreshing it; the standing afterwards.
     * Without a refresh token, or refused by the upstream, the identity needs re-authorization.
     */
    public Optional<IdentityStore.Standing> refresh(String identityId) {
        Long first = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            Optional<JpaUpstreamGrants.RefreshMaterial> read = grants.refreshMaterial(identityId);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            JpaUpstreamGrants.RefreshMaterial m = read.get();
            Instant now = clock.instant();
            boolean claimed = m.claimedUntil() != null && m.claimedUntil().isAfter(now);
            if (m.expiresAt() != null && m.expiresAt().isAfter(now.plus(EARLY))
                    || first != null && m.version() != first && !claimed) {
                return grants.standing(identityId); // refreshed meanwhile (by another request or node)
            }
            first = first == null ? m.version() : first;
            if (!claimed && grants.claim(identityId, m.version(), now.plus(CLAIM))) {
                refreshClaimed(m);
                return grants.standing(identityId);
            }
            pause(); // another node holds the refresh: its result is read on the next round
        }
        return grants.standing(identityId);
    }

    private void refreshClaimed(JpaUpstreamGrants.RefreshMaterial m) {
        if (m.refreshToken() == null || m.tokenEndpoint() == null) {
            grants.needsReauthorization(m.identityId());
            LOG.log(System.Logger.Level.INFO, "upstream identity " + m.identityId() + " expired without a refresh token:"
                    + " needs re-authorization");
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", m.refreshToken());
        if (m.resource() != null) {
            form.put("resource", m.resource());
        }
        TokenAnswer answer;
        try {
            answer = token(m.tokenEndpoint(), m.clientId(), m.clientSecret(), m.authMethod(), form);
        } catch (SignInFailed e) {
            grants.release(m.identityId()); // not reached: tried again by the next call
            LOG.log(System.Logger.Level.WARNING, "upstream identity " + m.identityId() + ": refresh failed, "
                    + e.getMessage());
            return;
        }
        if (answer.tokens() != null) {
            grants.refreshed(m.identityId(), answer.tokens());
            LOG.log(System.Logger.Level.DEBUG, () -> "upstream identity " + m.identityId() + " refreshed");
        } else if (answer.status() >= 400 && answer.status() < 500) {
            grants.needsReauthorization(m.identityId());
            LOG.log(System.Logger.Level.INFO, "upstream identity " + m.identityId() + ": refresh refused ("
                    + answer.error() + "), needs re-authorization");
        } else {
            grants.release(m.identityId());
            LOG.log(System.Logger.Level.WARNING, "upstream identity " + m.identityId() + ": refresh answered "
                    + answer.status() + ", tried again by the next call");
        }
    }

    /** A token endpoint's answer: tokens, or the status and error code it refused with. */
    private record TokenAnswer(IssuedTokens tokens, int status, String error) {
    }

    private TokenAnswer token(String endpoint, String clientId, String clientSecret, ClientAuthMethod method,
                              Map<String, String> form) throws SignInFailed {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        Map<String, String> body = new LinkedHashMap<>(form);
        ClientAuthMethod.stored(method == null ? null : method.wireName(), clientSecret).apply(clientId, clientSecret, headers, body);
        try {
            OutboundHttp.Response r = http.send("POST", URI.create(endpoint), headers,
                    UpstreamRevoker.form(body).getBytes(StandardCharsets.UTF_8), TIMEOUT, MAX_ANSWER);
            JsonNode json = JSON.readTree(r.body());
            if (r.status() != 200 || json == null || !json.path("access_token").isTextual()) {
                String error = json != null && json.path("error").isTextual() ? json.path("error").textValue() : "HTTP " + r.status();
                return new TokenAnswer(null, r.status(), LogText.safe(error));
            }
            Instant expires = json.path("expires_in").canConvertToLong()
                    ? clock.instant().plusSeconds(json.path("expires_in").asLong()) : null;
            String access = json.path("access_token").textValue();
            return new TokenAnswer(new IssuedTokens(access,
                    json.path("refresh_token").isTextual() ? json.path("refresh_token").textValue() : null, expires,
                    json.path("scope").isTextual() ? json.path("scope").textValue() : null, subjectOf(access, clientId)),
                    200, null);
        } catch (IOException e) {
            throw new SignInFailed("the token endpoint " + LogText.safe(endpoint) + " could not be reached: " + e.getMessage());
        }
    }

    /** The {@code sub} of a JWT access token; else the client the grant was issued to (opaque tokens). */
    static String subjectOf(String accessToken, String clientId) {
        String[] parts = accessToken.split("\\.");
        if (parts.length == 3) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims != null && claims.path("sub").isTextual() && claims.path("sub").textValue().length() <= 200) {
                    return LogText.safe(claims.path("sub").textValue());
                }
            } catch (IOException | IllegalArgumentException e) {
                // not a JWT after all
            }
        }
        return "client " + clientId;
    }

    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
