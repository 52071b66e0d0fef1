package dev.gatehouse.core.jpa;

import dev.gatehouse.core.limits.LimitBook;
import dev.gatehouse.core.limits.LimitUsage;
import dev.gatehouse.core.limits.NewRateLimit;
import dev.gatehouse.core.limits.RateLimit;
import dev.gatehouse.core.limits.RateLimitStore;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.store.Validate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rate limits in JPA ({@code gh_rate_limit}); each change tells the node's {@link LimitBook}. */
public final class JpaRateLimitStore implements RateLimitStore {
    /** The largest bound accepted, far above what one gateway can serve. */
    public static final int MAX_BOUND = 1_000_000;

    private final Transactions tx;
    private final GatewayCatalog catalog;
    private final Clock clock;
    private final JpaRateLeases leases;
    private volatile LimitBook book;

    public JpaRateLimitStore(Transactions tx, GatewayCatalog catalog, Clock clock) {
        this.tx = tx;
        this.catalog = catalog;
        this.clock = clock;
        this.leases = new JpaRateLeases(tx);
    }

    public void notify(LimitBook limits) {
        this.book = limits;
    }

    @Override
    public List<RateLimit> limits() {
        return tx.read(em -> em.createNamedQuery("RateLimit.all", RateLimitEntity.class).getResultList().stream()
                .map(JpaRateLimitStore::toRecord).toList());
    }

    @Override
    public Optional<RateLimit> limit(String id) {
        return id == null ? Optional.empty()
                : tx.read(em -> Optional.ofNullable(em.find(RateLimitEntity.class, id)).map(JpaRateLimitStore::toRecord));
    }

    @Override
    public RateLimit create(NewRateLimit spec, String actor) {
        NewRateLimit valid = validated(spec);
        RateLimit created = tx.inTransaction(em -> {
            RateLimitEntity e = new RateLimitEntity(UUID.randomUUID().toString(), valid.name(), valid.gateway(), valid.scope(),
                    valid.hostId(), valid.perSecond(), valid.perMinute(), valid.concurrent(), actor, clock.instant());
            em.persist(e);
            return toRecord(e);
        });
        changed();
        return created;
    }

    @Override
    public RateLimit update(String id, NewRateLimit spec, String actor) {
        NewRateLimit valid = validated(spec);
        RateLimit updated = tx.inTransaction(em -> {
            RateLimitEntity e = id == null ? null : em.find(RateLimitEntity.class, id);
            if (e == null) {
                throw RequestRejected.notFound("no such limit");
            }
            e.redefine(valid.name(), valid.gateway(), valid.scope(), valid.hostId(), valid.perSecond(), valid.perMinute(),
                    valid.concurrent());
            return toRecord(e);
        });
        changed();
        return updated;
    }

    @Override
    public LimitUsage usage(RateLimit limit) {
        return leases.usage(limit, clock.instant());
    }

    /** The specification checked, its name and host trimmed as stored. */
    private NewRateLimit validated(NewRateLimit spec) {
        String name = Validate.text("name", spec.name(), Validate.MAX_NAME);
        if (spec.scope() == null) {
            throw RequestRejected.invalid("'scope' is required: connection or host");
        }
        if (spec.gateway() != null && catalog.gateway(spec.gateway()).isEmpty()) {
            throw RequestRejected.invalid("'gateway' names no gateway");
        }
        String host = Validate.optionalText("host", spec.hostId(), 36);
        bound("perSecond", spec.perSecond());
        bound("perMinute", spec.perMinute());
        bound("concurrent", spec.concurrent());
        if (spec.perSecond() == null && spec.perMinute() == null && spec.concurrent() == null) {
            throw RequestRejected.invalid("a limit needs at least one of 'perSecond', 'perMinute' and 'concurrent'");
        }
        return new NewRateLimit(name, spec.gateway(), spec.scope(), host, spec.perSecond(), spec.perMinute(), spec.concurrent());
    }

    @Override
    public boolean delete(String id) {
        boolean deleted = tx.inTransaction(em -> {
            RateLimitEntity e = id == null ? null : em.find(RateLimitEntity.class, id);
            if (e != null) {
                em.remove(e);
            }
            return e != null;
        });
        if (deleted) {
            changed();
        }
        return deleted;
    }

    private void changed() {
        LimitBook b = book;
        if (b != null) {
            b.changed();
        }
    }

    private static void bound(String field, Integer value) {
        if (value != null && (value < 1 || value > MAX_BOUND)) {
            throw RequestRejected.invalid("'" + field + "' must be between 1 and " + MAX_BOUND);
        }
    }

    static RateLimit toRecord(RateLimitEntity e) {
        return new RateLimit(e.id(), e.name(), e.gateway(), e.scope(), e.hostId(), e.perSecond(), e.perMinute(),
                e.concurrent(), e.createdBy(), e.createdAt());
    }
}
