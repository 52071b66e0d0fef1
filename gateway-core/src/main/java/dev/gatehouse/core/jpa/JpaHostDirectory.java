package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.HostUsage;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.RevocationSignal;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.store.Validate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Hosts in JPA. Deleting a host marks it deleted and revokes every token of its connections at once. */
public final class JpaHostDirectory implements HostDirectory {
    private final Transactions tx;
    private final Clock clock;
    private final RevocationSignal revocations;

    public JpaHostDirectory(Transactions tx, Clock clock) {
        this(tx, clock, RevocationSignal.NONE);
    }

    /** With the node's revocation signal, raised when a host is deleted or disabled. */
    public JpaHostDirectory(Transactions tx, Clock clock, RevocationSignal revocations) {
        this.tx = tx;
        this.clock = clock;
        this.revocations = revocations;
    }

    @Override
    public Host createHost(NewHost spec, String actor) {
        String name = Validate.text("name", spec.name(), Validate.MAX_NAME);
        if (spec.kind() == null) {
            throw RequestRejected.invalid("'kind' is required: TOKEN or INTERACTIVE");
        }
        String description = Validate.optionalText("description", spec.description(), Validate.MAX_DESCRIPTION);
        return tx.inTransaction(em -> {
            boolean taken = !em.createNamedQuery("Host.liveByName", HostEntity.class)
                    .setParameter("name", name.toLowerCase(Locale.ROOT)).setMaxResults(1).getResultList().isEmpty();
            if (taken) {
                throw RequestRejected.invalid("a host named '" + name + "' already exists");
            }
            HostEntity host = new HostEntity(UUID.randomUUID().toString(), name, spec.kind(), description, actor,
                    clock.instant());
            em.persist(host);
            return toRecord(host);
        });
    }

    @Override
    public List<Host> hosts() {
        return tx.read(em -> em.createNamedQuery("Host.live", HostEntity.class).getResultList()
                .stream().map(JpaHostDirectory::toRecord).toList());
    }

    private static final ListedEntities LISTED = new ListedEntities("HostEntity", "e.deletedAt is null",
            List.of("name", "id", "description"), Map.of("name", "lower(e.name)", "kind", "e.kind",
            "createdAt", "e.createdAt"), "e.createdAt, e.id");

    @Override
    public Page<Host> hosts(ListQuery query) {
        return tx.read(em -> LISTED.page(em, HostEntity.class, query, Map.of()).map(JpaHostDirectory::toRecord));
    }

    @Override
    public Optional<Host> host(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(HostEntity.class, id))
                .filter(HostEntity::isLive).map(JpaHostDirectory::toRecord));
    }

    @Override
    public boolean deleteHost(String id, String actor) {
        if (id == null) {
            return false;
        }
        Instant now = clock.instant();
        return revocations.revoking(tx, new Revocation(Revocation.Cause.HOST_DELETED, id), em -> {
            HostEntity host = em.find(HostEntity.class, id);
            if (host == null || !host.isLive()) {
                return false;
            }
            host.delete(now, actor);
            em.createNamedQuery("Connection.liveOfHost", ConnectionEntity.class).setParameter("hostId", id)
                    .getResultList().forEach(c -> c.delete(now, actor));
            em.createNamedQuery("ApiToken.revokeOfHost").setParameter("when", now).setParameter("hostId", id)
                    .executeUpdate();
            return true;
        });
    }

    @Override
    public Optional<Host> setDisabled(String id, boolean disabled) {
        if (id == null) {
            return Optional.empty();
        }
        java.util.function.Function<jakarta.persistence.EntityManager, Optional<Host>> work = em ->
                Optional.ofNullable(em.find(HostEntity.class, id)).filter(HostEntity::isLive).map(host -> {
                    if (disabled) {
                        host.disable();
                    } else {
                        host.enable();
                    }
                    return toRecord(host);
                });
        return disabled ? revocations.revoking(tx, new Revocation(Revocation.Cause.HOST_DISABLED, id), work)
                : tx.inTransaction(work);
    }

    @Override
    public Map<String, HostUsage> usage() {
        return tx.read(em -> {
            Map<String, Long> counts = new HashMap<>();
            em.createNamedQuery("Connection.liveCountByHost", Object[].class).getResultList()
                    .forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
            Map<String, Instant> lastUsed = new HashMap<>();
            for (String query : List.of("ApiToken.lastUsedByHost", "OAuthGrant.lastUsedByHost")) {
                em.createNamedQuery(query, Object[].class).getResultList().stream().filter(r -> r[1] != null)
                        .forEach(r -> lastUsed.merge((String) r[0], instant(r[1]), (a, b) -> a.isAfter(b) ? a : b));
            }
            Map<String, HostUsage> usage = new HashMap<>();
            counts.forEach((host, n) -> usage.put(host, new HostUsage(host, n, lastUsed.get(host))));
            return Map.copyOf(usage);
        });
    }

    /** An aggregate of a converted attribute may come back as the column type rather than the attribute type. */
    private static Instant instant(Object value) {
        return InstantConverter.fromColumn(value);
    }

    static Host toRecord(HostEntity h) {
        HostKind kind = h.kind();
        return new Host(h.id(), h.name(), kind, h.description(), h.createdBy(), h.createdAt(), h.disabled());
    }
}
