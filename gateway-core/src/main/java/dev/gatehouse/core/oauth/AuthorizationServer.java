package dev.gatehouse.core.oauth;

import dev.gatehouse.core.jpa.ConnectionCredential;
import dev.gatehouse.core.jpa.ConnectionEntity;
import dev.gatehouse.core.jpa.ConsentRevocation;
import dev.gatehouse.core.jpa.GatewayEntity;
import dev.gatehouse.core.jpa.HostEntity;
import dev.gatehouse.core.jpa.LastUsedRecorder;
import dev.gatehouse.core.jpa.OAuthClientEntity;
import dev.gatehouse.core.jpa.OAuthCodeEntity;
import dev.gatehouse.core.jpa.OAuthGrantEntity;
import dev.gatehouse.core.jpa.OAuthTokenEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationSignal;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.token.TokenHasher;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Gatehouse's own MCP-facing authorization server (OAuth 2.1 with PKCE, RFC 8707 resource binding,
 * RFC 7009 revocation): authorization codes, opaque access and refresh tokens stored hashed, consent
 * grants per (user, client, gateway), and the interactive host and connection each grant runs under,
 * so OAuth calls are governed and audited like API-token calls. Container-free: the web layer parses
 * HTTP and passes values; the user's login stays with the container.
 */
public final class AuthorizationServer {
    /** An access token's row joined with its grant, connection, host and gateway: one read per request. */
    private static final String ACCESS_BY_HASH = "SELECT " + ConnectionCredential.COLUMNS.formatted("gr.user_name")
            + ", t.kind, gr.revoked_at, gr.id FROM gh_oauth_token t JOIN gh_oauth_grant gr ON gr.id = t.grant_id"
            + " JOIN gh_connection c ON c.id = gr.connection_id" + ConnectionCredential.JOINS
            + " WHERE t.token_hash = ?";

    private final Transactions tx;
    private final Clock clock;
    private final OAuthSettings settings;
    private final ClientRegistry clients;
    private final OAuthTokenFormat format = new OAuthTokenFormat();
    private final RevocationSignal revocations;
    private final LastUsedRecorder lastUsed;

    public AuthorizationServer(Transactions tx, Clock clock, OAuthSettings settings) {
        this(tx, clock, settings, RevocationSignal.NONE, new LastUsedRecorder(tx));
    }

    /**
     * With the node's revocation signal, raised by every path that ends OAuth tokens: RFC 7009 revocation, a
     * consent withdrawn, a replayed code or refresh token revoking its grant's tokens; and where uses of
     * access tokens are coalesced (per consent grant) until the next flush.
     */
    public AuthorizationServer(Transactions tx, Clock clock, OAuthSettings settings, RevocationSignal revocations,
                               LastUsedRecorder lastUsed) {
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.revocations = revocations;
        this.lastUsed = lastUsed;
        this.clients = new ClientRegistry(tx, clock, new ClientMetadataFetcher(settings, clock), settings);
    }

    public ClientRegistry clients() { return clients; }
    public OAuthSettings settings() { return settings; }

    /**
     * The client, if its redirect URI is one it registered. Refusals here must not redirect (OAuth 2.1
     * section 4.1.2.1): the redirect URI is not trusted yet.
     */
    public OAuthClient clientFor(String clientId, String redirectUri) {
        OAuthClient client = clients.client(clientId)
                .orElseThrow(() -> new OAuthProblem(OAuthProblem.INVALID_CLIENT, "unknown client_id"));
        if (!RedirectUris.matches(client.redirectUris(), redirectUri)) {
            throw OAuthProblem.invalidRequest("redirect_uri is not registered for this client");
        }
        return client;
    }

    /** Checks the rest of an authorization request; refusals from here on go back to the client's redirect URI. */
    public AuthorizationRequest checkRequest(OAuthClient client, String redirectUri, String responseType, String state,
                                             String codeChallenge, String challengeMethod, String resource, String scope) {
        if (!"code".equals(responseType)) {
            throw new OAuthProblem(OAuthProblem.UNSUPPORTED_RESPONSE_TYPE, "response_type must be code");
        }
        if (!Pkce.S256.equals(challengeMethod) || !Pkce.isChallenge(codeChallenge)) {
            throw OAuthProblem.invalidRequest("PKCE is required: code_challenge with code_challenge_method S256");
        }
        if (resource == null || resource.isBlank()) {
            throw new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource (RFC 8707) is required: the gateway's URL");
        }
        String slug = ResourceIndicator.gatewaySlug(resource)
                .orElseThrow(() -> new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource is not a gateway URL"));
        String name = tx.read(em -> gateway(em, slug).map(GatewayEntity::name))
                .orElseThrow(() -> new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource names no gateway"));
        return new AuthorizationRequest(client, redirectUri, state, codeChallenge, resource, slug, name,
                Scopes.grantedFor(scope));
    }

    /**
     * True when {@code user} approved exactly this before and has not revoked it since: this client, on this
     * gateway, with this redirect URI (a loopback one on any port, as it is matched), this resource and this
     * scope. Anything else differing shows the consent page again, so a remembered consent never hands a
     * code to a destination or for a resource the user did not see.
     */
    public boolean hasConsent(String user, AuthorizationRequest request) {
        return tx.read(em -> activeGrant(em, user, request.client().clientId(), request.gatewaySlug())
                .filter(g -> g.redirectUri() != null && RedirectUris.matches(List.of(g.redirectUri()), request.redirectUri()))
                .filter(g -> request.resource().equals(g.resource()) && request.scope().equals(g.scope()))
                .isPresent());
    }

    /**
     * True when {@code user} has an active consent for this client with this redirect URI: the user trusts
     * that destination, so errors may be sent back to it automatically (RFC 9700 section 4.11.2).
     */
    public boolean trustsRedirect(String user, String clientId, String redirectUri) {
        return user != null && tx.read(em -> em.createNamedQuery("OAuthGrant.activeOfUser", OAuthGrantEntity.class)
                .setParameter("user", user).getResultList().stream()
                .anyMatch(g -> g.clientId().equals(clientId) && live(g.connection()) && g.redirectUri() != null
                        && RedirectUris.matches(List.of(g.redirectUri()), redirectUri)));
    }

    /**
     * Records the user's approval and issues a single-use authorization code bound to client, redirect
     * URI, resource, grant and PKCE challenge. On the client's first approval its interactive host is
     * created; on the user's first approval for a gateway, the connection (host, gateway, user).
     */
    public String approve(AuthorizationRequest request, String user) {
        String code = format.newValue(OAuthTokenFormat.CODE_PREFIX);
        Instant now = clock.instant();
        tx.inTransaction(em -> {
            OAuthGrantEntity grant = activeGrant(em, user, request.client().clientId(), request.gatewaySlug())
                    .orElseGet(() -> newGrant(em, request, user, now));
            grant.remember(request.redirectUri(), request.resource(), request.scope());
            em.persist(new OAuthCodeEntity(TokenHasher.hash(code), request.client().clientId(), grant.id(),
                    request.redirectUri(), request.resource(), request.scope(), request.codeChallenge(),
                    now.plus(settings.codeTtl())));
            return null;
        });
        return code;
    }

    /** The authorization code grant (OAuth 2.1 section 4.1.3): every binding checked, the code spent once. */
    public IssuedTokens exchangeCode(String clientId, String code, String redirectUri, String verifier, String resource) {
        if (code == null || OAuthTokenFormat.parse(code, OAuthTokenFormat.CODE_PREFIX).isEmpty()) {
            throw OAuthProblem.invalidGrant("the authorization code is not valid");
        }
        String hash = TokenHasher.hash(code);
        Instant now = clock.instant();
        int spent = tx.inTransaction(em -> em.createQuery(
                        "update OAuthCodeEntity c set c.usedAt = :now where c.codeHash = :hash and c.usedAt is null")
                .setParameter("now", now).setParameter("hash", hash).executeUpdate());
        OAuthCodeEntity row = tx.read(em -> em.find(OAuthCodeEntity.class, hash));
        if (row == null) {
            throw OAuthProblem.invalidGrant("the authorization code is not valid");
        }
        if (spent == 0) {
            // a replayed code: the first exchange may have been an attacker's, so its tokens go too (OAuth 2.1 4.1.3)
            revokeTokensOfGrant(row.grantId(), now);
            throw OAuthProblem.invalidGrant("the authorization code was already used");
        }
        if (!row.expiresAt().isAfter(now)) {
            throw OAuthProblem.invalidGrant("the authorization code expired");
        }
        if (!row.clientId().equals(clientId)) {
            throw OAuthProblem.invalidGrant("the authorization code was issued to another client");
        }
        if (!row.redirectUri().equals(redirectUri)) {
            throw OAuthProblem.invalidGrant("redirect_uri differs from the authorization request's");
        }
        if (resource != null && !row.resource().equals(resource)) {
            throw new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource differs from the authorization request's");
        }
        if (!Pkce.verifies(verifier, row.codeChallenge())) {
            throw OAuthProblem.invalidGrant("code_verifier does not match the code_challenge");
        }
        return tx.inTransaction(em -> {
            OAuthGrantEntity grant = em.find(OAuthGrantEntity.class, row.grantId());
            if (grant == null || !grant.isActive()) {
                throw OAuthProblem.invalidGrant("the user's consent was revoked");
            }
            return issue(em, grant, row.resource(), row.scope(), now);
        });
    }

    /**
     * The refresh token grant: the refresh token rotates. The replaced one keeps working for the grace
     * window, so processes of one client sharing it do not lock each other out. Presented after that, it
     * is a replay (a stolen copy, or a broken client; OAuth 2.1 section 4.3.1, RFC 9700 section 4.14.2):
     * refused, and every token of its family (its grant's access and refresh tokens, the current ones
     * included) is revoked, so both copies stop working and the user authorizes again. The consent stays.
     */
    public IssuedTokens refresh(String clientId, String refreshToken, String resource) {
        if (refreshToken == null || OAuthTokenFormat.parse(refreshToken, OAuthTokenFormat.REFRESH_PREFIX).isEmpty()) {
            throw OAuthProblem.invalidGrant("the refresh token is not valid");
        }
        Instant now = clock.instant();
        Replay[] replay = new Replay[1];
        IssuedTokens issued = tx.inTransaction(em -> {
            OAuthTokenEntity old = byHash(em, refreshToken)
                    .filter(t -> t.kind().equals(OAuthTokenEntity.REFRESH))
                    .orElseThrow(() -> OAuthProblem.invalidGrant("the refresh token is not valid"));
            OAuthGrantEntity grant = old.grant();
            if (old.replacedBy() != null && !old.isValidAt(now) && old.expiresAt().isAfter(now)
                    && grant.isActive() && live(grant.connection())) {
                // rotated, and its grace window is over: someone kept a copy (audited by the caller)
                replay[0] = new Replay(grant.id(), attribution(old, grant));
                return null;
            }
            if (!old.isValidAt(now) || !grant.isActive() || !live(grant.connection())) {
                throw OAuthProblem.invalidGrant("the refresh token is no longer valid");
            }
            if (!grant.clientId().equals(clientId)) {
                throw OAuthProblem.invalidGrant("the refresh token was issued to another client");
            }
            if (resource != null && !old.resource().equals(resource)) {
                throw new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource differs from the token's");
            }
            IssuedTokens fresh = issue(em, grant, old.resource(), old.scope(), now);
            old.replaceBy(byHash(em, fresh.refreshToken()).orElseThrow().id(), now.plus(settings.refreshGrace()));
            return fresh;
        });
        if (replay[0] != null) {
            int revoked = revocations.revoking(tx, new Revocation(Revocation.Cause.OAUTH_GRANT_REVOKED, replay[0].grantId()),
                    em -> em.createNamedQuery("OAuthToken.revokeLiveOfGrant")
                            .setParameter("grantId", replay[0].grantId()).setParameter("when", now).executeUpdate());
            throw OAuthProblem.refreshReplayed(replay[0].token(), revoked);
        }
        return issued;
    }

    private record Replay(String grantId, TokenAttribution token) { }

    /**
     * Token revocation (RFC 7009): an access token ends alone; a refresh token ends with every token of
     * its grant. An unknown token, or one of another client, is answered the same way (no information).
     *
     * @return the token revoked by this call, for the audit log; empty when unknown, another client's or already revoked
     */
    public Optional<TokenAttribution> revoke(String token, String clientId) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<TokenAttribution> revoked = tx.inTransaction(em ->
            byHash(em, token).filter(t -> clientId == null || t.grant().clientId().equals(clientId))
                    .filter(t -> t.revokedAt() == null || t.revokedAt().isAfter(now)).map(t -> {
                t.revoke(now);
                if (t.kind().equals(OAuthTokenEntity.REFRESH)) {
                    revokeTokensOfGrant(em, t.grant().id(), now);
                }
                revocations.raise(em, new Revocation(Revocation.Cause.OAUTH_TOKEN_REVOKED, t.publicId()));
                return attribution(t, t.grant());
            }));
        revoked.ifPresent(t -> revocations.wake());
        return revoked;
    }

    /**
     * Checks an access token against the database state as of this request (no cache: revocation of the
     * token, its grant, connection or host is honoured at once), and says which gateway it opens.
     */
    public Authentication authenticate(String token) {
        if (OAuthTokenFormat.parse(token, OAuthTokenFormat.ACCESS_PREFIX).isEmpty()) {
            return new Authentication.Refused(Authentication.Reason.MALFORMED, null);
        }
        String publicId = OAuthTokenFormat.publicId(token);
        List<?> rows = tx.read(em -> em.createNativeQuery(ACCESS_BY_HASH)
                .setParameter(1, TokenHasher.hash(token)).setMaxResults(1).getResultList());
        if (rows.isEmpty()) {
            return new Authentication.Refused(Authentication.Reason.UNKNOWN, publicId);
        }
        Object[] row = (Object[]) rows.get(0);
        if (!OAuthTokenEntity.ACCESS.equals(row[ConnectionCredential.WIDTH])) {
            return new Authentication.Refused(Authentication.Reason.UNKNOWN, publicId);
        }
        ConnectionCredential credential = ConnectionCredential.of(row);
        if (row[ConnectionCredential.WIDTH + 1] != null) { // the user's consent was revoked
            return new Authentication.Refused(Authentication.Reason.REVOKED, publicId, credential.grant());
        }
        Instant now = clock.instant();
        Authentication.Reason refusal = credential.refusal(now);
        if (refusal != null) {
            // a genuine token: the refusal is attributed to the host and user it belonged to
            return new Authentication.Refused(refusal, publicId, credential.grant());
        }
        lastUsed.touchGrant((String) row[ConnectionCredential.WIDTH + 2], now);
        return new Authentication.Granted(credential.grant());
    }

    /** Every consent grant, or one user's, newest first. */
    public List<ConsentGrant> grants(Optional<String> user) {
        return tx.read(em -> (user.isPresent()
                ? em.createNamedQuery("OAuthGrant.ofUser", OAuthGrantEntity.class).setParameter("user", user.get())
                : em.createNamedQuery("OAuthGrant.all", OAuthGrantEntity.class))
                .getResultList().stream().map(g -> toRecord(em, g)).toList());
    }

    public Optional<ConsentGrant> grant(String id) {
        return tx.read(em -> Optional.ofNullable(em.find(OAuthGrantEntity.class, id)).map(g -> toRecord(em, g)));
    }

    /** Revokes a consent: its tokens are refused from the next request on, its connection is deleted. */
    public Optional<ConsentGrant> revokeGrant(String id, String actor) {
        Instant now = clock.instant();
        return revocations.revoking(tx, new Revocation(Revocation.Cause.CONSENT_WITHDRAWN, id), em -> {
            OAuthGrantEntity g = em.find(OAuthGrantEntity.class, id);
            if (g == null) {
                return Optional.empty();
            }
            ConsentRevocation.revoke(em, g, now, actor);
            return Optional.of(toRecord(em, g));
        });
    }

    /**
     * The removal of users: every active consent of a user who is not among {@code users} (the realm's
     * accounts as of now) is revoked with its access and refresh tokens and its connection, because an OAuth
     * token acts as its user and must not outlive them. For realms Gatehouse can list (the launcher's
     * accounts file, read at start); elsewhere the break-glass revocation by user does the same.
     *
     * @return the users whose consents were revoked
     */
    public java.util.Set<String> revokeConsentsOfRemovedUsers(java.util.Set<String> users, String actor) {
        Instant now = clock.instant();
        List<String> active = tx.read(em -> em.createNamedQuery("OAuthGrant.activeUsers", String.class).getResultList());
        java.util.Set<String> removed = new java.util.TreeSet<>(active);
        removed.removeAll(users);
        for (String user : removed) {
            revocations.revoking(tx, new Revocation(Revocation.Cause.USER_REMOVED, user),
                    em -> ConsentRevocation.revokeAllOf(em, user, now, actor));
        }
        return removed;
    }

    /** Retention: expired codes and tokens (a day after expiry), registrations that never connected. */
    public void purge() {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(java.time.Duration.ofDays(1));
        tx.inTransaction(em -> {
            em.createNamedQuery("OAuthCode.purge").setParameter("before", dayAgo).executeUpdate();
            em.createNamedQuery("OAuthToken.purge").setParameter("before", dayAgo).executeUpdate();
            return null;
        });
        clients.purgeUnused(now.minus(settings.unusedRegistrationTtl()));
    }

    private IssuedTokens issue(EntityManager em, OAuthGrantEntity grant, String resource, String scope, Instant now) {
        String access = format.newValue(OAuthTokenFormat.ACCESS_PREFIX);
        String refresh = format.newValue(OAuthTokenFormat.REFRESH_PREFIX);
        em.persist(new OAuthTokenEntity(UUID.randomUUID().toString(), TokenHasher.hash(access),
                OAuthTokenFormat.publicId(access), OAuthTokenEntity.ACCESS, grant, resource, scope, now,
                now.plus(settings.accessTokenTtl())));
        em.persist(new OAuthTokenEntity(UUID.randomUUID().toString(), TokenHasher.hash(refresh),
                OAuthTokenFormat.publicId(refresh), OAuthTokenEntity.REFRESH, grant, resource, scope, now,
                now.plus(settings.refreshTokenTtl())));
        em.flush();
        ConnectionEntity c = grant.connection();
        return new IssuedTokens(access, refresh, settings.accessTokenTtl().toSeconds(), scope,
                new TokenAttribution(OAuthTokenEntity.ACCESS, OAuthTokenFormat.publicId(access), grant.clientId(),
                        c.host().id(), c.host().name(), grant.userName(), c.gateway().slug()),
                OAuthTokenFormat.publicId(refresh));
    }

    private static TokenAttribution attribution(OAuthTokenEntity t, OAuthGrantEntity grant) {
        ConnectionEntity c = grant.connection();
        return new TokenAttribution(t.kind(), t.publicId(), grant.clientId(), c.host().id(), c.host().name(),
                grant.userName(), c.gateway().slug());
    }

    private OAuthGrantEntity newGrant(EntityManager em, AuthorizationRequest request, String user, Instant now) {
        GatewayEntity gateway = gateway(em, request.gatewaySlug())
                .orElseThrow(() -> new OAuthProblem(OAuthProblem.INVALID_TARGET, "resource names no gateway"));
        HostEntity host = hostOf(em, request.client(), user, now);
        ConnectionEntity connection = new ConnectionEntity(UUID.randomUUID().toString(), host, gateway, user, now);
        em.persist(connection);
        OAuthGrantEntity grant = new OAuthGrantEntity(UUID.randomUUID().toString(), user, request.client().clientId(),
                connection, request.scope(), now);
        em.persist(grant);
        return grant;
    }

    /** The client's interactive host, created on its first approved connection (or again after a deletion). */
    private HostEntity hostOf(EntityManager em, OAuthClient client, String user, Instant now) {
        OAuthClientEntity row = em.find(OAuthClientEntity.class, client.clientId());
        HostEntity existing = row.hostId() == null ? null : em.find(HostEntity.class, row.hostId());
        if (existing != null && existing.isLive()) {
            return existing;
        }
        HostEntity host = new HostEntity(UUID.randomUUID().toString(), freeHostName(em, client.name()),
                HostKind.INTERACTIVE, "OAuth client " + client.clientId(), user, now);
        em.persist(host);
        row.attachHost(host.id());
        return host;
    }

    private static String freeHostName(EntityManager em, String wanted) {
        String name = wanted;
        for (int n = 2; taken(em, name); n++) {
            String suffix = " (" + n + ")";
            name = (wanted.length() + suffix.length() > 200 ? wanted.substring(0, 200 - suffix.length()) : wanted) + suffix;
        }
        return name;
    }

    private static boolean taken(EntityManager em, String name) {
        return !em.createNamedQuery("Host.liveByName", HostEntity.class).setParameter("name", name.toLowerCase(Locale.ROOT))
                .setMaxResults(1).getResultList().isEmpty();
    }

    private static Optional<OAuthGrantEntity> activeGrant(EntityManager em, String user, String clientId, String slug) {
        return em.createNamedQuery("OAuthGrant.active", OAuthGrantEntity.class).setParameter("user", user)
                .setParameter("clientId", clientId).setParameter("slug", slug).getResultList().stream()
                .filter(g -> live(g.connection())).findFirst();
    }

    private static Optional<GatewayEntity> gateway(EntityManager em, String slug) {
        return em.createNamedQuery("Gateway.bySlug", GatewayEntity.class).setParameter("slug", slug)
                .getResultList().stream().findFirst();
    }

    private static Optional<OAuthTokenEntity> byHash(EntityManager em, String token) {
        return em.createNamedQuery("OAuthToken.byHash", OAuthTokenEntity.class)
                .setParameter("hash", TokenHasher.hash(token)).getResultList().stream().findFirst();
    }

    private static boolean live(ConnectionEntity c) {
        return c.isLive() && c.host().isLive();
    }

    private void revokeTokensOfGrant(String grantId, Instant now) {
        revocations.revoking(tx, new Revocation(Revocation.Cause.OAUTH_GRANT_REVOKED, grantId), em -> {
            revokeTokensOfGrant(em, grantId, now);
            return null;
        });
    }

    private static void revokeTokensOfGrant(EntityManager em, String grantId, Instant now) {
        em.createNamedQuery("OAuthToken.revokeOfGrant").setParameter("grantId", grantId).setParameter("when", now)
                .executeUpdate();
    }

    private static ConsentGrant toRecord(EntityManager em, OAuthGrantEntity g) {
        OAuthClientEntity client = em.find(OAuthClientEntity.class, g.clientId());
        ConnectionEntity c = g.connection();
        return new ConsentGrant(g.id(), g.userName(), g.clientId(), client == null ? g.clientId() : client.clientName(),
                c.host().id(), c.host().name(), c.id(), c.gateway().slug(), g.scope(), g.createdAt(), g.revokedAt(),
                g.revokedBy());
    }
}
