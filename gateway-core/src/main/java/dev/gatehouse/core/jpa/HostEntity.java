package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import dev.gatehouse.core.model.HostKind;

import java.time.Instant;

/** Row of {@code gh_host}. Deletion is a mark, so audit records and tokens keep their history. */
@Entity
@Table(name = "gh_host")
@NamedQuery(name = "Host.live", query = "select h from HostEntity h where h.deletedAt is null order by h.createdAt, h.id")
@NamedQuery(name = "Host.liveByName", query = "select h from HostEntity h where h.deletedAt is null and lower(h.name) = :name")
public class HostEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    private HostKind kind;
    @Column(name = "description", length = 2000)
    private String description;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "disabled", nullable = false)
    private boolean disabled;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Column(name = "deleted_by", length = 200)
    private String deletedBy;

    protected HostEntity() {
    }

    public HostEntity(String id, String name, HostKind kind, String description, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.description = description;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public void delete(Instant when, String actor) {
        this.deletedAt = when;
        this.deletedBy = actor;
    }

    /** Stops the host at once: every token of every connection of this host is refused until {@link #enable()}. */
    public void disable() {
        this.disabled = true;
    }

    /** Lets the host's connections work again (each connection's own switch still applies). */
    public void enable() {
        this.disabled = false;
    }

    public boolean isLive() {
        return deletedAt == null;
    }

    public String id() { return id; }
    public String name() { return name; }
    public HostKind kind() { return kind; }
    public String description() { return description; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public boolean disabled() { return disabled; }
}
