package dev.gatehouse.core.revocation;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.text.LogText;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What this node holds open per credential (listen streams, calls in flight, calls held for approval),
 * and the cut when that credential ends, or when an upstream identity it uses is deleted or disabled. On every poll of {@link Revocations}: a credential whose
 * validity ran out by time (expiry, the end of a rotation's overlap) is cut at once, without a read; when
 * the revocation version moved, every credential held open is checked again in one read
 * ({@link CredentialCheck}) and the refused ones are cut. Something opened with a credential checked
 * before the version last moved is checked on the next poll, so a revocation that commits between a
 * request's credential check and its registration here is not missed.
 */
public final class CredentialWatch implements Revocations.Listener {
    private static final System.Logger LOG = System.getLogger(CredentialWatch.class.getName());

    private final CredentialCheck check;
    private final Revocations revocations;
    private final Clock clock;
    private final Map<Long, Watch> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<Runnable> afterwards = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CredentialWatch(CredentialCheck check, Revocations revocations, Clock clock) {
        this.check = check;
        this.revocations = revocations;
        this.clock = clock;
        revocations.listen(this);
    }

    /**
     * Why an open thing was cut: the credential's refusal as a new request would get it, or the upstream
     * identity it used ended ({@code identityId} set, {@code reason} {@code REVOKED}).
     */
    public record Cut(TokenGrant grant, Authentication.Reason reason, String identityId) {
        public Cut(TokenGrant grant, Authentication.Reason reason) {
            this(grant, reason, null);
        }

        /** True when the upstream identity the thing used was deleted or disabled (its token still stands). */
        public boolean identityEnded() {
            return identityId != null;
        }

        /** True when the credential ran out by time (expiry or a rotation's overlap) rather than being revoked. */
        public boolean byTime() {
            return reason == Authentication.Reason.EXPIRED;
        }
    }

    /** One thing held open with a credential; closing it stops watching (the thing ended on its own). */
    public final class Watch implements AutoCloseable {
        private final long id;
        private final TokenGrant grant;
        private final Set<String> identities;
        private final Consumer<Cut> onCut;
        private volatile long checkedNanos;
        private volatile Instant until;

        private Watch(long id, TokenGrant grant, Set<String> identities, long checkedNanos, Consumer<Cut> onCut) {
            this.id = id;
            this.grant = grant;
            this.identities = identities;
            this.checkedNanos = checkedNanos;
            this.onCut = onCut;
            this.until = grant.validUntil();
        }

        @Override
        public void close() {
            open.remove(id);
        }

        private void cut(Authentication.Reason reason) {
            cut(new Cut(grant, reason));
        }

        private void cut(Cut cut) {
            if (open.remove(id) != null) {
                try {
                    onCut.accept(cut);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cutting what token " + grant.tokenPublicId() + " held open failed", e);
                }
            }
        }
    }

    /**
     * Watches one thing opened with {@code grant}.
     *
     * @param checkedNanos {@link System#nanoTime()} at or before the request's credential check
     * @param onCut        runs once, on the revocation thread, when the credential ends (it must only hand work off)
     */
    public Watch watch(TokenGrant grant, long checkedNanos, Consumer<Cut> onCut) {
        return watch(grant, Set.of(), checkedNanos, onCut);
    }

    /**
     * Watches one thing opened with {@code grant} that also uses these upstream identities (ids): it is cut
     * as well when one of them is deleted or disabled (docs/upstream-identity.md, "Revocation").
     */
    public Watch watch(TokenGrant grant, Set<String> identities, long checkedNanos, Consumer<Cut> onCut) {
        Watch w = new Watch(ids.incrementAndGet(), grant, Set.copyOf(identities), checkedNanos, onCut);
        open.put(w.id, w);
        if (w.until != null && !w.until.isAfter(clock.instant())) {
            w.cut(Authentication.Reason.EXPIRED);
        }
        return w;
    }

    /** Checks one credential now (one read): a call approved after a long hold is re-checked before it is sent. */
    public boolean stillValid(TokenGrant grant) {
        Instant now = clock.instant();
        if (grant.validUntil() != null && !grant.validUntil().isAfter(now)) {
            return false;
        }
        CredentialCheck.Standing standing = check.standings(List.of(grant.tokenPublicId()), now).get(grant.tokenPublicId());
        return standing != null && !standing.refused()
                && (standing.validUntil() == null || standing.validUntil().isAfter(now));
    }

    /**
     * Runs after a poll on which credentials may have ended: the version moved, or something was cut by
     * time (the node then ends the sessions of connections that can no longer be used).
     */
    public void afterCredentialsEnded(Runnable action) {
        afterwards.add(action);
    }

    /** How many things are watched on this node (for tests and metrics). */
    public int size() {
        return open.size();
    }

    @Override
    public void polled(boolean moved) {
        boolean byTime = false;
        if (!open.isEmpty()) {
            Instant now = clock.instant();
            List<Watch> stale = new ArrayList<>();
            long movedAt = revocations.movedAtNanos();
            for (Watch w : List.copyOf(open.values())) {
                Instant until = w.until;
                if (until != null && !until.isAfter(now)) {
                    w.cut(Authentication.Reason.EXPIRED);
                    byTime = true;
                } else if (moved || w.checkedNanos - movedAt <= 0) {
                    stale.add(w);
                }
            }
            if (!stale.isEmpty()) {
                recheck(stale, now);
            }
        }
        if (moved || byTime) {
            for (Runnable action : afterwards) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "after credentials ended: " + LogText.cause(e), e);
                }
            }
        }
    }

    private void recheck(List<Watch> stale, Instant now) {
        long startedNanos = System.nanoTime();
        Set<String> ids = stale.stream().map(w -> w.grant.tokenPublicId()).collect(Collectors.toSet());
        Set<String> identities = stale.stream().flatMap(w -> w.identities.stream()).collect(Collectors.toSet());
        Map<String, CredentialCheck.Standing> standings;
        Set<String> endedIdentities;
        try {
            standings = check.standings(ids, now);
            endedIdentities = identities.isEmpty() ? Set.of() : check.endedIdentities(identities);
        } catch (RuntimeException e) {
            // the database is away: the same credentials are checked on the next poll
            LOG.log(System.Logger.Level.WARNING, "open credentials could not be re-checked: " + LogText.cause(e));
            LOG.log(System.Logger.Level.DEBUG, "open credentials could not be re-checked", e);
            return;
        }
        for (Watch w : stale) {
            CredentialCheck.Standing standing = standings.get(w.grant.tokenPublicId());
            String endedIdentity = w.identities.stream().filter(endedIdentities::contains).findFirst().orElse(null);
            if (standing == null || standing.refused()) {
                w.cut(standing == null ? Authentication.Reason.REVOKED : standing.refusal());
            } else if (endedIdentity != null) {
                w.cut(new Cut(w.grant, Authentication.Reason.REVOKED, endedIdentity));
            } else {
                w.until = standing.validUntil(); // a rotation gives the old token an end: cut then
                w.checkedNanos = startedNanos;
            }
        }
    }
}
