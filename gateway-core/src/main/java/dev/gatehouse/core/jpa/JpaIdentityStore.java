package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.identity.ClientAuthMethod;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationSignal;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.store.Validate;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Upstream identities in JPA: the one place their rows become records and their secrets are sealed or
 * opened. A change to a shared identity raises the catalog version (servers carry their shared credential);
 * deleting or disabling any identity raises the revocation signal, so what uses it stops at once.
 */
public final class JpaIdentityStore implements IdentityStore {
    private static final int MAX_SECRET = 4096;

    private final Transactions tx;
    private final SecretBox secrets;
    private final Clock clock;
    private final RevocationSignal revocations;

    public JpaIdentityStore(Transactions tx, SecretBox secrets, Clock clock, RevocationSignal revocations) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
        this.revocations = revocations;
    }

    @Override
    public List<UpstreamIdentity> list(Optional<String> owner) {
        return tx.read(em -> (owner.isPresent()
                ? em.createNamedQuery("UpstreamIdentity.ofOwner", UpstreamIdentityEntity.class).setParameter("owner", owner.get())
                : em.createNamedQuery("UpstreamIdentity.all", UpstreamIdentityEntity.class))
                .getResultList().stream().map(e -> toRecord(em, e)).toList());
    }

    @Override
    public Optional<UpstreamIdentity> find(String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(UpstreamIdentityEntity.class, id)).map(e -> toRecord(em, e)));
    }

    @Override
    public UpstreamIdentity putSecret(String server, String owner, String headerName, String secret, String actor) {
        String header = Validate.text("headerName", headerName, 200);
        if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw RequestRejected.invalid("'headerName' must be an HTTP header name");
        }
        if (!dev.gatehouse.core.upstream.HeaderPolicy.credentialHeaderAllowed(header)) {
            throw RequestRejected.invalid("'headerName' may not be a header Gatehouse manages itself");
        }
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET || secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw RequestRejected.invalid("'secret' must be 1 to " + MAX_SECRET + " printable characters");
        }
        String sealed = secrets.seal(secret);
        return tx.inTransaction(em -> {
            UpstreamServerEntity s = serverEntity(em, server);
            UpstreamIdentityEntity e = owner == null ? em.find(UpstreamIdentityEntity.class, s.id()) : ofOwner(em, owner, s.id());
            if (e == null) {
                e = UpstreamIdentityEntity.secret(owner == null ? s.id() : UUID.randomUUID().toString(), s.id(), owner,
                        header, sealed, actor, clock.instant());
                em.persist(e);
            } else if (!"SECRET".equals(e.kind())) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, (owner == null ? "the shared" : "your")
                        + " identity for server '" + s.slug() + "' is an OAuth grant: delete it first");
            } else {
                e.replaceSecret(header, sealed, clock.instant());
            }
            if (owner == null) {
                CatalogVersion.raise(em);
            }
            return toRecord(em, e);
        });
    }

    @Override
    public Optional<UpstreamIdentity> setEnabled(String id, boolean enabled, String actor) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(revocations.revoking(tx, new Revocation(Revocation.Cause.UPSTREAM_IDENTITY_ENDED, id), em -> {
            UpstreamIdentityEntity e = em.find(UpstreamIdentityEntity.class, id);
            if (e == null) {
                return null;
            }
            e.status(enabled ? "ACTIVE" : "DISABLED", clock.instant());
            if (e.owner() == null) {
                CatalogVersion.raise(em);
            }
            return toRecord(em, e);
        }));
    }

    @Override
    public Optional<Deleted> delete(String id, String actor) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(revocations.revoking(tx, new Revocation(Revocation.Cause.UPSTREAM_IDENTITY_ENDED, id), em -> {
            UpstreamIdentityEntity e = em.find(UpstreamIdentityEntity.class, id);
            return e == null ? null : remove(em, e);
        }));
    }

    @Override
    public java.util.Set<String> owners() {
        return tx.read(em -> new java.util.TreeSet<>(em.createQuery(
                "select distinct i.owner from UpstreamIdentityEntity i where i.owner is not null", String.class).getResultList()));
    }

    @Override
    public List<Deleted> deleteOfOwner(String owner, String actor) {
        return revocations.revoking(tx, new Revocation(Revocation.Cause.UPSTREAM_IDENTITY_ENDED, owner), em -> {
            List<Deleted> deleted = new ArrayList<>();
            for (UpstreamIdentityEntity e : em.createNamedQuery("UpstreamIdentity.ofOwner", UpstreamIdentityEntity.class)
                    .setParameter("owner", owner).getResultList()) {
                deleted.add(remove(em, e));
            }
            return deleted;
        });
    }

    private Deleted remove(EntityManager em, UpstreamIdentityEntity e) {
        UpstreamIdentity record = toRecord(em, e);
        Deleted deleted;
        if ("OAUTH".equals(e.kind())) {
            UpstreamOAuthClientEntity client = em.find(UpstreamOAuthClientEntity.class, e.serverId());
            String clientSecret = client == null || client.clientSecretSealed() == null || !java.util.Objects.equals(client.clientId(), e.clientId())
                    ? null : secrets.open(client.clientSecretSealed());
            deleted = new Deleted(record, e.revocationEndpoint(), e.clientId(), clientSecret,
                    e.refreshSealed() == null ? null : secrets.open(e.refreshSealed()),
                    e.secretSealed() == null ? null : secrets.open(e.secretSealed()),
                    client == null ? null : ClientAuthMethod.stored(client.tokenAuthMethod(), clientSecret));
        } else {
            deleted = new Deleted(record, null, null, null, null, null);
        }
        em.remove(e);
        if (e.owner() == null) {
            CatalogVersion.raise(em);
        }
        return deleted;
    }

    @Override
    public Map<String, Standing> standings(String owner, Collection<String> serverIds) {
        if (serverIds.isEmpty()) {
            return Map.of();
        }
        return tx.read(em -> {
            Map<String, Standing> found = new HashMap<>();
            for (UpstreamIdentityEntity e : em.createNamedQuery("UpstreamIdentity.ofOwnerForServers", UpstreamIdentityEntity.class)
                    .setParameter("owner", owner).setParameter("servers", List.copyOf(serverIds)).getResultList()) {
                found.put(e.serverId(), standing(em, e));
            }
            return found;
        });
    }

    @Override
    public Optional<Standing> standing(String identityId) {
        if (identityId == null || identityId.length() > 36) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(UpstreamIdentityEntity.class, identityId)).map(e -> standing(em, e)));
    }

    /** The identity with its credential opened: a bearer token for an OAuth grant, the header and secret otherwise. */
    Standing standing(EntityManager em, UpstreamIdentityEntity e) {
        UpstreamServer.Credential credential = null;
        if (e.secretSealed() != null) {
            String secret = secrets.open(e.secretSealed());
            credential = "OAUTH".equals(e.kind())
                    ? new UpstreamServer.Credential("Authorization", "Bearer " + secret)
                    : new UpstreamServer.Credential(e.headerName(), secret);
        }
        return new Standing(toRecord(em, e), credential);
    }

    private static UpstreamIdentityEntity ofOwner(EntityManager em, String owner, String serverId) {
        return em.createNamedQuery("UpstreamIdentity.ofOwnerAndServer", UpstreamIdentityEntity.class)
                .setParameter("owner", owner).setParameter("server", serverId).getResultStream().findFirst().orElse(null);
    }

    static UpstreamServerEntity serverEntity(EntityManager em, String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isBlank()) {
            throw RequestRejected.invalid("'server' is required");
        }
        UpstreamServerEntity byId = idOrSlug.length() <= 36 ? em.find(UpstreamServerEntity.class, idOrSlug) : null;
        if (byId != null) {
            return byId;
        }
        return em.createNamedQuery("UpstreamServer.bySlug", UpstreamServerEntity.class).setParameter("slug", idOrSlug)
                .getResultStream().findFirst()
                .orElseThrow(() -> RequestRejected.notFound("unknown server '" + Validate.shown(idOrSlug) + "'"));
    }

    static UpstreamIdentity toRecord(EntityManager em, UpstreamIdentityEntity e) {
        UpstreamServerEntity server = em.find(UpstreamServerEntity.class, e.serverId());
        return new UpstreamIdentity(e.id(), e.serverId(), server == null ? null : server.slug(), e.owner(),
                UpstreamIdentity.Kind.valueOf(e.kind()), UpstreamIdentity.Status.valueOf(e.status()), e.headerName(),
                e.expiresAt(), e.subject(), e.clientId(), e.scope(), e.refreshSealed() != null, e.createdBy(),
                e.createdAt(), e.updatedAt(), e.wantedScope());
    }
}
