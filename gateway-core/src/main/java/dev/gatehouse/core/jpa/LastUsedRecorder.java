package dev.gatehouse.core.jpa;

import dev.gatehouse.core.text.LogText;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces "token last used at" so that authentication costs no write per request: uses are kept
 * in memory and written in one transaction per {@link #flush()} (called periodically and at shutdown).
 * API tokens are recorded per token, OAuth access tokens (which rotate hourly) per consent grant.
 */
public final class LastUsedRecorder {
    private static final System.Logger LOG = System.getLogger(LastUsedRecorder.class.getName());
    private final Transactions tx;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> pendingGrants = new ConcurrentHashMap<>();

    public LastUsedRecorder(Transactions tx) {
        this.tx = tx;
    }

    public void touch(String publicId, Instant when) {
        pending.merge(publicId, when, LastUsedRecorder::later);
    }

    /** A use of an OAuth access token issued under the consent grant {@code grantId}. */
    public void touchGrant(String grantId, Instant when) {
        pendingGrants.merge(grantId, when, LastUsedRecorder::later);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Writes the pending uses; a failure keeps them for the next flush. Safe to call from several threads. */
    public synchronized void flush() {
        if (pending.isEmpty() && pendingGrants.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = Map.copyOf(pending);
        Map<String, Instant> grants = Map.copyOf(pendingGrants);
        try {
            tx.inTransaction(em -> {
                batch.forEach((publicId, when) -> em.createNamedQuery("ApiToken.touch")
                        .setParameter("when", when).setParameter("publicId", publicId).executeUpdate());
                grants.forEach((id, when) -> em.createNamedQuery("OAuthGrant.touch")
                        .setParameter("when", when).setParameter("id", id).executeUpdate());
                return null;
            });
            // only what was written: a use recorded meanwhile stays for the next flush
            batch.forEach(pending::remove);
            grants.forEach(pendingGrants::remove);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not record token last-used times; will retry: " + LogText.cause(e), e);
        }
    }
}
