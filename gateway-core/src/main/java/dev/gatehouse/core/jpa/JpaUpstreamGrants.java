package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.identity.AuthorizationServerInfo;
import dev.gatehouse.core.identity.ClientAuthMethod;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.IssuedTokens;
import dev.gatehouse.core.identity.OAuthClientConfig;
import dev.gatehouse.core.identity.Scopes;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.TokenHasher;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows behind Gatehouse as an OAuth client of upstreams: each server's client registration, the sign-ins
 * in progress (found by the hash of their state, taken once), the grants stored as identities, and the one
 * refresh at a time per identity across the cluster: a refresh is claimed by a conditional update of the
 * identity's row (its version and the end of any other node's claim), so only one node sends the refresh
 * token, and a rotated refresh token is never used twice.
 */
public final class JpaUpstreamGrants {
    /** The owner of a pending sign-in to a server's shared identity (user names are never empty). */
    private static final String SHARED = "";
    private final Transactions tx;
    private final SecretBox secrets;
    private final Clock clock;
    private final JpaIdentityStore identities;

    public JpaUpstreamGrants(Transactions tx, SecretBox secrets, Clock clock, JpaIdentityStore identities) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
        this.identities = identities;
    }

    /** A sign-in in progress, as taken back at the callback. */
    public record Pending(String serverId, String owner, String sessionHash, String verifier, String redirectUri,
                          String returnTo, Instant expiresAt) {
        @Override
        public String toString() {
            return "Pending[" + serverId + " " + owner + "]";
        }
    }

    /** What a refresh needs, read with the identity's version. */
    public record RefreshMaterial(String identityId, long version, String refreshToken, String tokenEndpoint,
                                  String clientId, String clientSecret, String resource, Instant expiresAt,
                                  Instant claimedUntil, ClientAuthMethod authMethod) {
        @Override
        public String toString() {
            return "RefreshMaterial[" + identityId + " v" + version + "]";
        }
    }

    /** The server's id for an id or slug. */
    public String serverId(String idOrSlug) {
        return tx.read(em -> JpaIdentityStore.serverEntity(em, idOrSlug).id());
    }

    public String serverSlug(String serverId) {
        return tx.read(em -> {
            UpstreamServerEntity s = em.find(UpstreamServerEntity.class, serverId);
            return s == null ? serverId : s.slug();
        });
    }

    /** The server's URL, where discovery starts. */
    public String serverUrl(String serverId) {
        return tx.read(em -> {
            UpstreamServerEntity s = em.find(UpstreamServerEntity.class, serverId);
            if (s == null) {
                throw RequestRejected.notFound("unknown server '" + serverId + "'");
            }
            return s.url();
        });
    }

    public Optional<OAuthClientConfig> client(String serverId) {
        return tx.read(em -> Optional.ofNullable(em.find(UpstreamOAuthClientEntity.class, serverId))
                .filter(c -> c.clientId() != null && c.authorizationEndpoint() != null && c.tokenEndpoint() != null)
                .map(c -> new OAuthClientConfig(new AuthorizationServerInfo(c.issuer(), c.authorizationEndpoint(),
                        c.tokenEndpoint(), c.registrationEndpoint(), c.revocationEndpoint(), c.resource(), c.scope()),
                        c.clientId(), c.clientSecretSealed() == null ? null : secrets.open(c.clientSecretSealed()),
                        c.redirectUri(), c.registered(), ClientAuthMethod.stored(c.tokenAuthMethod(),
                        c.clientSecretSealed()))));
    }

    public void saveClient(String serverId, OAuthClientConfig config) {
        tx.inTransaction(em -> {
            UpstreamOAuthClientEntity c = em.find(UpstreamOAuthClientEntity.class, serverId);
            if (c == null) {
                c = new UpstreamOAuthClientEntity(serverId);
                c.client(null, null, null, false, null, clock.instant());
                em.persist(c);
            }
            AuthorizationServerInfo s = config.server();
            c.discovered(s.issuer(), s.authorizationEndpoint(), s.tokenEndpoint(), s.registrationEndpoint(),
                    s.revocationEndpoint(), s.resource(), s.scope(), clock.instant());
            c.client(config.clientId(), config.clientSecret() == null ? null : secrets.seal(config.clientSecret()),
                    config.redirectUri(), config.registered(), config.authMethod().wireName(), clock.instant());
            return null;
        });
    }

    public void begin(String state, String serverId, String owner, String sessionHash, String verifier,
                      String redirectUri, String returnTo, Instant expiresAt) {
        tx.inTransaction(em -> {
            // the column is NOT NULL: a sign-in as the server's shared identity is recorded with the empty owner
            em.persist(new UpstreamAuthorizationEntity(TokenHasher.hash(state), serverId, owner == null ? SHARED : owner, sessionHash,
                    secrets.seal(verifier), redirectUri, returnTo, clock.instant(), expiresAt));
            return null;
        });
    }

    /** The sign-in of {@code state}, removed: a state is good for one callback only. */
    public Optional<Pending> take(String state) {
        if (state == null || state.isEmpty() || state.length() > 200) {
            return Optional.empty();
        }
        return tx.inTransaction(em -> {
            UpstreamAuthorizationEntity e = em.find(UpstreamAuthorizationEntity.class, TokenHasher.hash(state));
            if (e == null) {
                return Optional.empty();
            }
            em.remove(e);
            return Optional.of(new Pending(e.serverId(), SHARED.equals(e.owner()) ? null : e.owner(), e.sessionHash(), secrets.open(e.verifierSealed()),
                    e.redirectUri(), e.returnTo(), e.expiresAt()));
        });
    }

    /** Sign-ins that were never completed, gone after their expiry. */
    public int purge() {
        Instant now = clock.instant();
        return tx.inTransaction(em -> em.createQuery("delete from UpstreamAuthorizationEntity a where a.expiresAt < :now")
                .setParameter("now", now).executeUpdate());
    }

    /**
     * Stores a grant as {@code owner}'s identity for the server (null: the server's shared one), replacing what
     * they had there; the old grant is returned for revocation upstream when it was an OAuth grant too.
     */
    public StoredGrant store(String serverId, String owner, IssuedTokens tokens, OAuthClientConfig client, String actor) {
        Instant now = clock.instant();
        return tx.inTransaction(em -> {
            UpstreamIdentityEntity e = owner == null ? em.find(UpstreamIdentityEntity.class, serverId)
                    : em.createNamedQuery("UpstreamIdentity.ofOwnerAndServer", UpstreamIdentityEntity.class)
                    .setParameter("owner", owner).setParameter("server", serverId).getResultStream().findFirst().orElse(null);
            IdentityStore.Deleted replaced = null;
            if (e != null && !"OAUTH".equals(e.kind())) {
                em.remove(e);
                em.flush();
                e = null;
            } else if (e != null && e.refreshSealed() != null) {
                replaced = new IdentityStore.Deleted(JpaIdentityStore.toRecord(em, e), e.revocationEndpoint(), e.clientId(),
                        client.clientSecret(), secrets.open(e.refreshSealed()), null, client.authMethod());
            }
            boolean created = e == null;
            if (created) {
                e = UpstreamIdentityEntity.oauth(owner == null ? serverId : UUID.randomUUID().toString(), serverId, owner,
                        actor, now);
            }
            e.tokens(secrets.seal(tokens.accessToken()), tokens.refreshToken() == null ? null : secrets.seal(tokens.refreshToken()),
                    tokens.expiresAt(), tokens.scope(), client.clientId(), client.server().tokenEndpoint(),
                    client.server().revocationEndpoint(), tokens.subject(), now);
            if (created) {
                em.persist(e);
            }
            if (owner == null) {
                CatalogVersion.raise(em);
            }
            return new StoredGrant(JpaIdentityStore.toRecord(em, e), replaced);
        });
    }

    /** A stored grant, and the one it replaced (to revoke upstream), if any. */
    public record StoredGrant(UpstreamIdentity identity, IdentityStore.Deleted replaced) {
    }

    public Optional<RefreshMaterial> refreshMaterial(String identityId) {
        return tx.read(em -> Optional.ofNullable(em.find(UpstreamIdentityEntity.class, identityId)).map(e -> {
            UpstreamOAuthClientEntity c = em.find(UpstreamOAuthClientEntity.class, e.serverId());
            String secret = c == null || c.clientSecretSealed() == null || !java.util.Objects.equals(c.clientId(), e.clientId())
                    ? null : secrets.open(c.clientSecretSealed());
            return new RefreshMaterial(e.id(), e.version(), e.refreshSealed() == null ? null : secrets.open(e.refreshSealed()),
                    e.tokenEndpoint(), e.clientId(), secret, c == null ? null : c.resource(), e.expiresAt(), e.refreshingUntil(),
                    ClientAuthMethod.stored(c == null || secret == null ? null : c.tokenAuthMethod(), secret));
        }));
    }

    /**
     * Claims the refresh of an identity as of {@code version} until {@code until}: true for exactly one caller
     * across the cluster while no other claim is running (a conditional update: version unchanged, no live claim).
     */
    public boolean claim(String identityId, long version, Instant until) {
        Instant now = clock.instant();
        return tx.inTransaction(em -> em.createQuery("update UpstreamIdentityEntity i set i.refreshingUntil = :until,"
                        + " i.version = i.version + 1 where i.id = :id and i.version = :version"
                        + " and (i.refreshingUntil is null or i.refreshingUntil < :now)")
                .setParameter("until", until).setParameter("id", identityId).setParameter("version", version)
                .setParameter("now", now).executeUpdate() == 1);
    }

    /** The claimed refresh succeeded: the new tokens (a rotated refresh token replaces the old one). */
    public void refreshed(String identityId, IssuedTokens tokens) {
        Instant now = clock.instant();
        tx.inTransaction(em -> {
            UpstreamIdentityEntity e = em.find(UpstreamIdentityEntity.class, identityId);
            if (e != null) {
                e.tokens(secrets.seal(tokens.accessToken()), tokens.refreshToken() == null ? null : secrets.seal(tokens.refreshToken()),
                        tokens.expiresAt(), tokens.scope(), null, null, null, null, now);
                if (e.owner() == null) {
                    CatalogVersion.raise(em);
                }
            }
            return null;
        });
    }

    /** The upstream refused the refresh (or there is none to send): the owner must sign in again. */
    public void needsReauthorization(String identityId) {
        tx.inTransaction(em -> {
            UpstreamIdentityEntity e = em.find(UpstreamIdentityEntity.class, identityId);
            if (e != null) {
                e.status("NEEDS_REAUTHORIZATION", clock.instant());
                if (e.owner() == null) {
                    CatalogVersion.raise(em);
                }
            }
            return null;
        });
    }

    /**
     * An upstream refused a call with {@code insufficient_scope} naming {@code challenged}: the OAuth identity needs
     * re-authorization, its next sign-in asking for the union of the scope it was granted (else the one asked for)
     * and the challenged one. The wanted scope; empty for an identity that is gone or no OAuth grant.
     */
    public Optional<String> stepUp(String identityId, String challenged) {
        return tx.inTransaction(em -> {
            UpstreamIdentityEntity e = em.find(UpstreamIdentityEntity.class, identityId);
            if (e == null || !"OAUTH".equals(e.kind())) {
                return Optional.<String>empty();
            }
            UpstreamOAuthClientEntity c = em.find(UpstreamOAuthClientEntity.class, e.serverId());
            String wanted = Scopes.union(e.scope() != null ? e.scope() : c == null ? null : c.scope(), e.wantedScope(), challenged);
            if (wanted.length() > Scopes.MAX_LENGTH) {
                wanted = challenged; // the union no longer fits: the challenge's own scope at least
            }
            e.wantScope(wanted, clock.instant());
            if (e.owner() == null) {
                CatalogVersion.raise(em);
            }
            return Optional.of(wanted);
        });
    }

    /** The scope {@code owner}'s next sign-in to the server asks for beyond the server's own, after a step-up. */
    public Optional<String> wantedScope(String serverId, String owner) {
        return tx.read(em -> Optional.ofNullable(owner == null ? em.find(UpstreamIdentityEntity.class, serverId)
                        : em.createNamedQuery("UpstreamIdentity.ofOwnerAndServer", UpstreamIdentityEntity.class)
                        .setParameter("owner", owner).setParameter("server", serverId).getResultStream().findFirst().orElse(null))
                .map(UpstreamIdentityEntity::wantedScope));
    }

    /** The claim ends without a change (the upstream could not be reached): another attempt may claim it. */
    public void release(String identityId) {
        tx.inTransaction(em -> em.createQuery("update UpstreamIdentityEntity i set i.refreshingUntil = null where i.id = :id")
                .setParameter("id", identityId).executeUpdate());
    }

    /** The identity's standing now (after a refresh by this node or another). */
    public Optional<IdentityStore.Standing> standing(String identityId) {
        return tx.read(em -> Optional.ofNullable(em.find(UpstreamIdentityEntity.class, identityId))
                .map(e -> identities.standing(em, e)));
    }
}
