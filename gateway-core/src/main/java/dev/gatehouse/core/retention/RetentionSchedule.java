package dev.gatehouse.core.retention;

import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.jpa.RetentionScheduleEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the retention policies by themselves, as often as a retention user said ({@code PUT /api/retention/schedule}),
 * on one node at a time: every node looks each minute ({@link #tick}), and a node takes a due run only by a
 * conditional update of the schedule's row (due, and no live lease), which one node wins; its lease outlives
 * a crashed run, so another node takes over afterwards. The run is the retention user's action: it is audited
 * as {@code retention.run} under that user's name ({@code "<user> (scheduled)"}), success or failure.
 */
public final class RetentionSchedule {
    private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());
    /** Longer than any run: a run takes at most 50,000 records. */
    static final Duration LEASE = Duration.ofMinutes(30);
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MAX_INTERVAL = Duration.ofDays(366);

    /** The schedule as the API shows it. */
    public record Schedule(Duration interval, Instant nextRunAt, String runningOn, Instant lastRunAt, String lastResult,
                           String updatedBy, Instant updatedAt) {
    }

    private final Transactions tx;
    private final Supplier<Retention> retention;
    private final AuditLog audit;
    private final String nodeId;
    private final Clock clock;

    public RetentionSchedule(Transactions tx, Supplier<Retention> retention, AuditLog audit, String nodeId, Clock clock) {
        this.tx = tx;
        this.retention = retention;
        this.audit = audit;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public Optional<Schedule> get() {
        return tx.read(em -> Optional.ofNullable(em.find(RetentionScheduleEntity.class, RetentionScheduleEntity.ID))
                .map(RetentionSchedule::view));
    }

    /** Sets the interval; the first run is due one interval from now, or at {@code firstRun} when given. */
    public Schedule set(Duration interval, Instant firstRun, String by) {
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw RequestRejected.invalid("everyMinutes: " + MIN_INTERVAL.toMinutes() + " to " + MAX_INTERVAL.toMinutes());
        }
        Instant now = clock.instant();
        Instant first = firstRun == null ? now.plus(interval) : firstRun;
        return tx.inTransaction(em -> {
            RetentionScheduleEntity e = em.find(RetentionScheduleEntity.class, RetentionScheduleEntity.ID);
            if (e == null) {
                e = new RetentionScheduleEntity(interval, first, by, now);
                em.persist(e);
            } else {
                e.replace(interval, first, by, now);
            }
            return view(e);
        });
    }

    public boolean remove() {
        return tx.inTransaction(em -> {
            RetentionScheduleEntity e = em.find(RetentionScheduleEntity.class, RetentionScheduleEntity.ID);
            if (e != null) {
                em.remove(e);
            }
            return e != null;
        });
    }

    /** Runs the policies when a run is due and this node wins its lease; a failure waits for the next interval. */
    public void tick() {
        Instant start = clock.instant();
        Optional<String> user;
        try {
            user = claim(start);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled retention: the schedule could not be read, next round: "
                    + LogText.cause(e));
            return;
        }
        if (user.isEmpty()) {
            return;
        }
        String actor = user.get() + " (scheduled)";
        String result;
        Outcome outcome;
        try {
            result = retention.get().run(actor).map(o -> "archive " + o.manifest().id() + " (" + o.manifest().fileName()
                    + ", " + o.manifest().records() + " records, sha256 " + o.manifest().fileSha256() + "), "
                    + o.deleted() + " deleted").orElse("nothing due");
            outcome = Outcome.SUCCESS;
        } catch (RuntimeException e) {
            result = "failed: " + LogText.cause(e);
            outcome = Outcome.ERROR;
            LOG.log(System.Logger.Level.ERROR, "scheduled retention run of node " + LogText.safe(nodeId) + " for '"
                    + LogText.safe(user.get()) + "' failed: " + LogText.cause(e), e);
        }
        String detail = "retention.run: " + result;
        try {
            audit.appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, outcome).actor(actor).detail(detail).build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled retention run could not be audited ('" + LogText.safe(detail)
                    + "'): " + LogText.cause(e), e);
        }
        String recorded = result;
        try {
            tx.inTransaction(em -> {
                RetentionScheduleEntity e = em.find(RetentionScheduleEntity.class, RetentionScheduleEntity.ID);
                if (e != null && nodeId.equals(e.leaseNode())) {
                    e.ran(start, clock.instant(), recorded);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduled retention: the run's end could not be recorded (the lease "
                    + "expires by itself): " + LogText.cause(e));
        }
    }

    /** Takes the lease of a due run by one conditional update; the user whose schedule it is, when this node won. */
    private Optional<String> claim(Instant now) {
        return tx.inTransaction(em -> {
            int won = em.createQuery("update RetentionScheduleEntity s set s.leaseNode = :node, s.leaseUntil = :until"
                            + " where s.id = :id and s.nextRunAt <= :now and (s.leaseUntil is null or s.leaseUntil < :now)")
                    .setParameter("node", nodeId).setParameter("until", now.plus(LEASE))
                    .setParameter("id", RetentionScheduleEntity.ID).setParameter("now", now).executeUpdate();
            if (won != 1) {
                return Optional.<String>empty();
            }
            RetentionScheduleEntity e = em.find(RetentionScheduleEntity.class, RetentionScheduleEntity.ID);
            em.refresh(e);
            return Optional.of(e.updatedBy());
        });
    }

    private static Schedule view(RetentionScheduleEntity e) {
        boolean leased = e.leaseUntil() != null;
        return new Schedule(e.interval(), e.nextRunAt(), leased ? e.leaseNode() : null, e.lastRunAt(), e.lastResult(),
                e.updatedBy(), e.updatedAt());
    }
}
