package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.TableGenerator;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * Row of {@code gh_audit_event}. Append-only: the application inserts and reads these rows and has
 * no code path that updates one; the only delete is retention's, after the records are archived and the
 * archive recorded ({@code dev.gatehouse.core.retention.AuditArchiver}). Conversion to and from the record lives here, in one place.
 */
@Entity
@NamedQuery(name = "AuditEvent.chainHead",
        query = "select a from AuditEventEntity a where a.nodeId = :nodeId order by a.nodeSequence desc")
@Table(name = "gh_audit_event",
        uniqueConstraints = @UniqueConstraint(name = "uq_gh_audit_chain", columnNames = {"node_id", "node_seq"}),
        indexes = {
                @Index(name = "ix_gh_audit_time", columnList = "event_time"),
                @Index(name = "ix_gh_audit_correlation", columnList = "correlation_id"),
                @Index(name = "ix_gh_audit_host", columnList = "host_id")
        })
public class AuditEventEntity {
    @Id
    @TableGenerator(name = "gh_audit_ids", table = "gh_sequence", pkColumnName = "seq_name",
            valueColumnName = "seq_value", pkColumnValue = "audit_event", allocationSize = 100)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "gh_audit_ids")
    @Column(name = "id")
    private Long id;
    @Column(name = "correlation_id", nullable = false, length = 64)
    private String correlationId;
    @Column(name = "event_time", nullable = false)
    private Instant time;
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 32)
    private AuditKind kind;
    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false, length = 32)
    private Outcome outcome;
    @Column(name = "host_id", length = 36)
    private String hostId;
    @Column(name = "host_name", length = 200)
    private String hostName;
    @Column(name = "token_public_id", length = 16)
    private String tokenPublicId;
    @Column(name = "token_issued_by", length = 200)
    private String tokenIssuedBy;
    @Column(name = "actor", length = 200)
    private String actor;
    @Column(name = "gateway", length = 64)
    private String gateway;
    @Column(name = "server", length = 64)
    private String server;
    @Column(name = "tool", length = 256)
    private String tool;
    @Column(name = "method", length = 128)
    private String method;
    @Column(name = "jsonrpc_id", length = 256)
    private String jsonRpcId;
    @Column(name = "http_status")
    private Integer httpStatus;
    @Column(name = "error_code")
    private Integer errorCode;
    @Column(name = "detail", length = 1000)
    private String detail;
    @Column(name = "duration_us")
    private Long durationMicros;
    @Column(name = "upstream_duration_us")
    private Long upstreamDurationMicros;
    @Column(name = "bytes_in")
    private Long bytesIn;
    @Column(name = "bytes_out")
    private Long bytesOut;
    @Column(name = "client_address", length = 64)
    private String clientAddress;
    @Column(name = "user_agent", length = 512)
    private String userAgent;
    @Column(name = "mcp_session_id", length = 256)
    private String mcpSessionId;
    @Column(name = "node_id", nullable = false, length = 64)
    private String nodeId;
    @Column(name = "node_seq", nullable = false)
    private Long nodeSequence;
    @Column(name = "previous_hash", length = 64)
    private String previousHash;
    @Column(name = "hash", nullable = false, length = 64)
    private String hash;

    /** The W3C trace id of the request's span (migration V15); null when tracing is off. */
    @Column(name = "trace_id", length = 32)
    private String traceId;
    @Column(name = "key_id", length = 16)
    private String keyId;

    protected AuditEventEntity() {
    }

    /**
     * A row for a record that the audit writer has already sealed into its chain. Every text is made storable
     * ({@link StorableText}: no NUL, no lone surrogate, cut to its column between characters); the writer seals
     * what this gives back, so the stored row hashes exactly as sealed.
     */
    public static AuditEventEntity of(AuditEvent e) {
        AuditEventEntity r = new AuditEventEntity();
        r.correlationId = cut(e.correlationId(), 64);
        r.time = e.time();
        r.kind = e.kind();
        r.outcome = e.outcome();
        r.hostId = cut(e.hostId(), 36);
        r.hostName = cut(e.hostName(), 200);
        r.tokenPublicId = cut(e.tokenPublicId(), 16);
        r.tokenIssuedBy = cut(e.tokenIssuedBy(), 200);
        r.actor = cut(e.actor(), 200);
        r.gateway = cut(e.gateway(), 64);
        r.server = cut(e.server(), 64);
        r.tool = cut(e.tool(), 256);
        r.method = cut(e.method(), 128);
        r.jsonRpcId = cut(e.jsonRpcId(), 256);
        r.httpStatus = e.httpStatus();
        r.errorCode = e.errorCode();
        r.detail = cut(e.detail(), 1000);
        r.durationMicros = e.durationMicros();
        r.upstreamDurationMicros = e.upstreamDurationMicros();
        r.bytesIn = e.bytesIn();
        r.bytesOut = e.bytesOut();
        r.clientAddress = cut(e.clientAddress(), 64);
        r.userAgent = cut(e.userAgent(), 512);
        r.mcpSessionId = cut(e.mcpSessionId(), 256);
        r.nodeId = e.nodeId();
        r.nodeSequence = e.nodeSequence();
        r.previousHash = e.previousHash();
        r.hash = e.hash();
        r.traceId = e.traceId();
        r.keyId = e.keyId();
        return r;
    }

    public AuditEvent toRecord() {
        return new AuditEvent(id, correlationId, time, kind, outcome, hostId, hostName, tokenPublicId,
                tokenIssuedBy, actor, gateway, server, tool, method, jsonRpcId, httpStatus, errorCode, detail,
                durationMicros, upstreamDurationMicros, bytesIn, bytesOut, clientAddress, userAgent, mcpSessionId,
                nodeId, nodeSequence, previousHash, hash, traceId, keyId);
    }

    /** Column limits and storable text are applied before the record is sealed, so the stored row hashes as sealed. */
    static String cut(String value, int max) {
        return StorableText.fit(value, max);
    }
}
