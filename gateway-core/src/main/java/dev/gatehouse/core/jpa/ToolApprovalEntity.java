package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_tool_approval}: one tool of a quarantined server, keyed by server id and upstream tool
 * name. {@code approved_*} is the definition an admin approved (canonical JSON and its SHA-256);
 * {@code pending_*} a different definition an upstream published since, kept for the review's diff.
 */
@Entity
@Table(name = "gh_tool_approval", indexes = @Index(name = "ix_gh_tool_approval_server", columnList = "server_id"))
@NamedQuery(name = "ToolApproval.ofServer",
        query = "select t from ToolApprovalEntity t where t.serverId = :server order by t.toolName")
@NamedQuery(name = "ToolApproval.deleteOfServer", query = "delete from ToolApprovalEntity t where t.serverId = :server")
public class ToolApprovalEntity {
    /** Longest definition kept; a longer one is refused review (and stays quarantined). */
    public static final int MAX_DEFINITION = 100_000;

    @Id
    @Column(name = "approval_key", length = 400)
    private String key;
    @Column(name = "server_id", nullable = false, length = 36)
    private String serverId;
    @Column(name = "tool_name", nullable = false, length = 300)
    private String toolName;
    @Column(name = "approved_hash", length = 64)
    private String approvedHash;
    @Column(name = "approved_definition", length = MAX_DEFINITION)
    private String approvedDefinition;
    @Column(name = "approved_by", length = 200)
    private String approvedBy;
    @Column(name = "approved_at")
    private Instant approvedAt;
    @Column(name = "pending_hash", length = 64)
    private String pendingHash;
    @Column(name = "pending_definition", length = MAX_DEFINITION)
    private String pendingDefinition;
    @Column(name = "pending_since")
    private Instant pendingSince;

    protected ToolApprovalEntity() {
    }

    public ToolApprovalEntity(String serverId, String toolName) {
        this.key = key(serverId, toolName);
        this.serverId = serverId;
        this.toolName = toolName;
    }

    public static String key(String serverId, String toolName) {
        return serverId + "/" + toolName;
    }

    /** An admin approves {@code definition} (directly, or by approving the baseline). */
    public void approve(String hash, String definition, String actor, Instant when) {
        approvedHash = hash;
        approvedDefinition = definition;
        approvedBy = actor;
        approvedAt = when;
        pendingHash = null;
        pendingDefinition = null;
        pendingSince = null;
    }

    /** An upstream published {@code definition}, which differs from the approved one. */
    public void changedTo(String hash, String definition, Instant when) {
        pendingHash = hash;
        pendingDefinition = definition;
        pendingSince = when;
    }

    public String serverId() { return serverId; }
    public String toolName() { return toolName; }
    public String approvedHash() { return approvedHash; }
    public String approvedDefinition() { return approvedDefinition; }
    public String approvedBy() { return approvedBy; }
    public Instant approvedAt() { return approvedAt; }
    public String pendingHash() { return pendingHash; }
    public String pendingDefinition() { return pendingDefinition; }
    public Instant pendingSince() { return pendingSince; }
}
