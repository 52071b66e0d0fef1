package dev.gatehouse.core.jpa;

import dev.gatehouse.core.limits.LeaseStore;
import dev.gatehouse.core.limits.LimitUsage;
import dev.gatehouse.core.limits.RateLimit;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Quota leases in {@code gh_rate_lease}. Each take locks the row it changes ({@code SELECT … FOR UPDATE}),
 * so concurrent takes from several nodes are serialised by the database and never hand out more than
 * the limit. Two nodes creating a bucket's first row at once collide on its key: the loser retries.
 */
public final class JpaRateLeases implements LeaseStore {
    private static final int ATTEMPTS = 3;
    private static final Instant FAR = Instant.parse("9999-01-01T00:00:00Z");

    private final Transactions tx;

    public JpaRateLeases(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public int takeWindow(String key, int want, int limit, Instant expires) {
        return retried(() -> tx.inTransaction(em -> {
            RateLeaseEntity row = em.find(RateLeaseEntity.class, key, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                int give = Math.min(want, limit);
                em.persist(new RateLeaseEntity(key, bucketOf(key), null, give, expires));
                em.flush();
                return give;
            }
            int give = Math.max(0, Math.min(want, limit - row.granted()));
            if (give > 0) {
                row.grant(give, row.expiresAt());
            }
            return give;
        }));
    }

    @Override
    public int takeSlots(String bucket, String nodeId, int want, int limit, Instant now, Instant holdUntil) {
        return retried(() -> tx.inTransaction(em -> {
            lockHeader(em, bucket);
            long held = ((Number) em.createNamedQuery("RateLease.heldSlots").setParameter("bucket", bucket)
                    .setParameter("now", now).getSingleResult()).longValue();
            int give = (int) Math.max(0, Math.min(want, limit - held));
            if (give == 0) {
                return 0;
            }
            RateLeaseEntity mine = em.find(RateLeaseEntity.class, holdKey(bucket, nodeId));
            if (mine == null) {
                em.persist(new RateLeaseEntity(holdKey(bucket, nodeId), bucket, nodeId, give, holdUntil));
            } else if (!mine.expiresAt().isAfter(now)) {
                mine.restartHold(give, holdUntil);
            } else {
                mine.grant(give, holdUntil);
            }
            return give;
        }));
    }

    @Override
    public void returnSlots(String bucket, String nodeId, int count, Instant holdUntil) {
        retried(() -> tx.inTransaction(em -> {
            lockHeader(em, bucket);
            RateLeaseEntity mine = em.find(RateLeaseEntity.class, holdKey(bucket, nodeId));
            if (mine != null) {
                mine.giveBack(count, holdUntil);
            }
            return 0;
        }));
    }

    @Override
    public void renewHolds(String nodeId, Instant holdUntil) {
        tx.inTransaction(em -> em.createNamedQuery("RateLease.renew").setParameter("until", holdUntil)
                .setParameter("node", nodeId).executeUpdate());
    }

    @Override
    public int purge(Instant now) {
        return tx.inTransaction(em -> em.createNamedQuery("RateLease.purge").setParameter("now", now).executeUpdate());
    }

    /**
     * A limit's take right now ({@link LimitUsage}): its rows of the current one-second and one-minute windows
     * (keys {@code limit|subject|s|start}) and the live slot holds of its buckets ({@code limit|subject}).
     */
    public LimitUsage usage(RateLimit limit, Instant now) {
        long ms = now.toEpochMilli();
        return tx.read(em -> {
            Set<String> subjects = new HashSet<>();
            Integer second = limit.perSecond() == null ? null : windowTake(em, limit.id(), "s", ms - Math.floorMod(ms, 1000L), subjects);
            Integer minute = limit.perMinute() == null ? null : windowTake(em, limit.id(), "m", ms - Math.floorMod(ms, 60_000L), subjects);
            Integer slots = null;
            if (limit.concurrent() != null) {
                Map<String, Integer> held = new HashMap<>();
                em.createNamedQuery("RateLease.holdsLike", RateLeaseEntity.class).setParameter("prefix", limit.id() + "|%")
                        .setParameter("now", now).getResultList().forEach(r -> held.merge(r.bucket(), r.granted(), Integer::sum));
                held.keySet().forEach(b -> subjects.add(b.substring(b.indexOf('|') + 1)));
                slots = held.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            }
            return new LimitUsage(second, minute, slots, subjects.size());
        });
    }

    private static int windowTake(jakarta.persistence.EntityManager em, String limitId, String unit, long start,
                                  Set<String> subjects) {
        int most = 0;
        for (RateLeaseEntity row : em.createNamedQuery("RateLease.windowsLike", RateLeaseEntity.class)
                .setParameter("pattern", limitId + "|%|" + unit + "|" + start).getResultList()) {
            String bucket = row.bucket(); // limit|subject|unit
            subjects.add(bucket.substring(bucket.indexOf('|') + 1, bucket.lastIndexOf('|')));
            most = Math.max(most, row.granted());
        }
        return most;
    }

    private static void lockHeader(jakarta.persistence.EntityManager em, String bucket) {
        String key = "lock|" + bucket;
        if (em.find(RateLeaseEntity.class, key, LockModeType.PESSIMISTIC_WRITE) == null) {
            em.persist(new RateLeaseEntity(key, bucket, null, 0, FAR));
            em.flush(); // a concurrent creator fails here or at commit, and retries into the lock
        }
    }

    private static String holdKey(String bucket, String nodeId) {
        return "hold|" + bucket + "|" + nodeId;
    }

    private static String bucketOf(String windowKey) {
        int cut = windowKey.lastIndexOf('|');
        String bucket = cut > 0 ? windowKey.substring(0, cut) : windowKey;
        return bucket.length() > 200 ? bucket.substring(0, 200) : bucket;
    }

    private static int retried(Supplier<Integer> take) {
        PersistenceException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return take.get();
            } catch (PersistenceException e) {
                last = e; // most likely two nodes created the same row at once; the row exists now
            }
        }
        throw last;
    }
}
