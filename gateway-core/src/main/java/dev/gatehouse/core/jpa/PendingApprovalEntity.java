package dev.gatehouse.core.jpa;

import dev.gatehouse.core.approval.ApprovalStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_pending_approval}: a call held for an admin's decision, and the decision. */
@Entity
@Table(name = "gh_pending_approval", indexes = @Index(name = "ix_gh_pending_approval_status", columnList = "status"))
@NamedQuery(name = "PendingApproval.pending", query = "select p from PendingApprovalEntity p"
        + " where p.status = dev.gatehouse.core.approval.ApprovalStatus.PENDING order by p.requestedAt")
@NamedQuery(name = "PendingApproval.pendingOfGateway", query = "select p from PendingApprovalEntity p"
        + " where p.status = dev.gatehouse.core.approval.ApprovalStatus.PENDING and p.gateway = :gateway"
        + " order by p.requestedAt")
@NamedQuery(name = "PendingApproval.decided", query = "select p from PendingApprovalEntity p where p.id in :ids"
        + " and p.status <> dev.gatehouse.core.approval.ApprovalStatus.PENDING")
@NamedQuery(name = "PendingApproval.settle", query = "update PendingApprovalEntity p set p.status = :status,"
        + " p.decidedBy = :actor, p.decidedAt = :now, p.reason = :reason where p.id = :id"
        + " and p.status = dev.gatehouse.core.approval.ApprovalStatus.PENDING and p.expiresAt > :deadline")
public class PendingApprovalEntity {
    /** Longest arguments kept for the approver; longer ones are cut (and flagged so). */
    public static final int MAX_ARGUMENTS = 64_000;

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "gateway_slug", nullable = false, length = 64)
    private String gateway;
    @Column(name = "host_id", length = 36)
    private String hostId;
    @Column(name = "host_name", length = 200)
    private String hostName;
    @Column(name = "connection_id", length = 36)
    private String connectionId;
    @Column(name = "token_public_id", length = 16)
    private String tokenPublicId;
    @Column(name = "server", length = 64)
    private String server;
    @Column(name = "tool", nullable = false, length = 256)
    private String tool;
    @Column(name = "rule_id", length = 36)
    private String ruleId;
    @Column(name = "rule_name", length = 200)
    private String ruleName;
    @Column(name = "arguments", length = MAX_ARGUMENTS)
    private String arguments;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private ApprovalStatus status;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "decided_by", length = 200)
    private String decidedBy;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "reason", length = 1000)
    private String reason;
    @Column(name = "node_id", length = 64)
    private String nodeId;
    @Column(name = "correlation_id", length = 64)
    private String correlationId;

    protected PendingApprovalEntity() {
    }

    public PendingApprovalEntity(String id, String gateway, String hostId, String hostName, String connectionId,
                                 String tokenPublicId, String server, String tool, String ruleId, String ruleName,
                                 String arguments, Instant requestedAt, Instant expiresAt, String nodeId,
                                 String correlationId) {
        this.id = id;
        this.gateway = gateway;
        this.hostId = hostId;
        this.hostName = hostName;
        this.connectionId = connectionId;
        this.tokenPublicId = tokenPublicId;
        this.server = server;
        this.tool = tool;
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        this.arguments = arguments;
        this.status = ApprovalStatus.PENDING;
        this.requestedAt = requestedAt;
        this.expiresAt = expiresAt;
        this.nodeId = nodeId;
        this.correlationId = correlationId;
    }

    public String id() { return id; }
    public String gateway() { return gateway; }
    public String hostId() { return hostId; }
    public String hostName() { return hostName; }
    public String connectionId() { return connectionId; }
    public String tokenPublicId() { return tokenPublicId; }
    public String server() { return server; }
    public String tool() { return tool; }
    public String ruleId() { return ruleId; }
    public String ruleName() { return ruleName; }
    public String arguments() { return arguments; }
    public ApprovalStatus status() { return status; }
    public Instant requestedAt() { return requestedAt; }
    public Instant expiresAt() { return expiresAt; }
    public String decidedBy() { return decidedBy; }
    public Instant decidedAt() { return decidedAt; }
    public String reason() { return reason; }
    public String nodeId() { return nodeId; }
    public String correlationId() { return correlationId; }
}
