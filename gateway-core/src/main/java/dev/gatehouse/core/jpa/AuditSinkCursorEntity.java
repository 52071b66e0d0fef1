package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_audit_sink_cursor}: the last record of one node's audit chain that one sink has
 * taken. Streaming resumes after it, so a restart repeats at most what was sent after the last advance
 * (at least once), never skips.
 */
@Entity
@Table(name = "gh_audit_sink_cursor")
public class AuditSinkCursorEntity {
    @Id
    @Column(name = "id", length = 128)
    private String id;
    @Column(name = "sink_id", nullable = false, length = 36)
    private String sinkId;
    @Column(name = "node_id", nullable = false, length = 64)
    private String nodeId;
    @Column(name = "last_sequence", nullable = false)
    private Long lastSequence;
    @Column(name = "last_record_id")
    private Long lastRecordId;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AuditSinkCursorEntity() {
    }

    public AuditSinkCursorEntity(String sinkId, String nodeId, long lastSequence, Long lastRecordId, Instant at) {
        this.id = key(sinkId, nodeId);
        this.sinkId = sinkId;
        this.nodeId = nodeId;
        this.lastSequence = lastSequence;
        this.lastRecordId = lastRecordId;
        this.updatedAt = at;
    }

    /** The row's key: sink id and node id. */
    public static String key(String sinkId, String nodeId) {
        return sinkId + "/" + nodeId;
    }

    /** The sink has taken every record of the node up to {@code sequence}; a cursor never moves back. */
    public void advance(long sequence, Long recordId, Instant at) {
        if (sequence > lastSequence) {
            lastSequence = sequence;
            lastRecordId = recordId;
            updatedAt = at;
        }
    }

    public long lastSequence() {
        return lastSequence;
    }
}
