package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/**
 * The one row of {@code gh_retention_schedule}: how often the retention policies run by themselves, when next,
 * which node holds the lease of a run in progress, and how the last run ended. Set by a retention user, whose
 * name the scheduled runs are audited under.
 */
@Entity
@Table(name = "gh_retention_schedule")
public class RetentionScheduleEntity {
    public static final String ID = "retention";

    @Id
    @Column(name = "id", length = 16)
    private String id;
    @Column(name = "interval_minutes", nullable = false)
    private Integer intervalMinutes;
    @Column(name = "next_run_at", nullable = false)
    private Instant nextRunAt;
    @Column(name = "lease_node", length = 64)
    private String leaseNode;
    @Column(name = "lease_until")
    private Instant leaseUntil;
    @Column(name = "last_run_at")
    private Instant lastRunAt;
    @Column(name = "last_result", length = 2000)
    private String lastResult;
    @Column(name = "updated_by", nullable = false, length = 200)
    private String updatedBy;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RetentionScheduleEntity() {
    }

    public RetentionScheduleEntity(Duration interval, Instant firstRun, String by, Instant at) {
        this.id = ID;
        replace(interval, firstRun, by, at);
    }

    /** Another interval, due first at {@code firstRun}; a run in progress keeps its lease. */
    public void replace(Duration interval, Instant firstRun, String by, Instant at) {
        this.intervalMinutes = (int) interval.toMinutes();
        this.nextRunAt = firstRun;
        this.updatedBy = by;
        this.updatedAt = at;
    }

    /** The run that held the lease ended: next due one interval after it started. */
    public void ran(Instant startedAt, Instant endedAt, String result) {
        this.nextRunAt = startedAt.plus(interval());
        this.leaseNode = null;
        this.leaseUntil = null;
        this.lastRunAt = endedAt;
        this.lastResult = result.length() > 2000 ? result.substring(0, 2000) : result;
    }

    public Duration interval() {
        return Duration.ofMinutes(intervalMinutes);
    }

    public Instant nextRunAt() {
        return nextRunAt;
    }

    public String leaseNode() {
        return leaseNode;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant lastRunAt() {
        return lastRunAt;
    }

    public String lastResult() {
        return lastResult;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
