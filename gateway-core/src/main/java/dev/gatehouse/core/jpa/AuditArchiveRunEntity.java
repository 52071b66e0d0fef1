package dev.gatehouse.core.jpa;

import dev.gatehouse.core.retention.ArchivedRun;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * Row of {@code gh_audit_archive_run}: consecutive records of one node's chain that an archive holds and
 * retention deleted, with the link before the first and the hash of the last, signed.
 */
@Entity
@Table(name = "gh_audit_archive_run")
public class AuditArchiveRunEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "archive_id", nullable = false, length = 36)
    private String archiveId;
    @Column(name = "node_id", nullable = false, length = 64)
    private String nodeId;
    @Column(name = "first_seq", nullable = false)
    private Long firstSequence;
    @Column(name = "last_seq", nullable = false)
    private Long lastSequence;
    @Column(name = "first_previous_hash", length = 64)
    private String firstPreviousHash;
    @Column(name = "last_hash", nullable = false, length = 64)
    private String lastHash;
    @Column(name = "signature", nullable = false, length = 64)
    private String signature;

    protected AuditArchiveRunEntity() {
    }

    public AuditArchiveRunEntity(ArchivedRun run) {
        this.id = UUID.randomUUID().toString();
        this.archiveId = run.archiveId();
        this.nodeId = run.nodeId();
        this.firstSequence = run.firstSequence();
        this.lastSequence = run.lastSequence();
        this.firstPreviousHash = run.firstPreviousHash();
        this.lastHash = run.lastHash();
        this.signature = run.signature();
    }

    public ArchivedRun toRecord() {
        return new ArchivedRun(archiveId, nodeId, firstSequence, lastSequence, firstPreviousHash, lastHash, signature);
    }
}
