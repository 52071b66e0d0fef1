package dev.gatehouse.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One append-only audit record. Attribution (host, token, the user who generated the token) is
 * copied in rather than referenced, so the record stays meaningful after hosts and connections are
 * deleted. {@code id}, {@code nodeId}, {@code nodeSequence}, {@code previousHash} and {@code hash}
 * are assigned by the audit log when the record is written. {@code traceId} is the W3C trace id of the
 * request's span when tracing is on (32 lower-case hex digits), else null. {@code keyId}, also assigned by
 * the audit log, names the audit chain key the hash was made with (its key check value; null on records
 * written before key ids, V23), so records chained before a re-key still verify under the key they were
 * chained with.
 */
public record AuditEvent(
        Long id,
        String correlationId,
        Instant time,
        AuditKind kind,
        Outcome outcome,
        String hostId,
        String hostName,
        String tokenPublicId,
        String tokenIssuedBy,
        String actor,
        String gateway,
        String server,
        String tool,
        String method,
        String jsonRpcId,
        Integer httpStatus,
        Integer errorCode,
        String detail,
        Long durationMicros,
        Long upstreamDurationMicros,
        Long bytesIn,
        Long bytesOut,
        String clientAddress,
        String userAgent,
        String mcpSessionId,
        String nodeId,
        Long nodeSequence,
        String previousHash,
        String hash,
        String traceId,
        String keyId) {

    public AuditEvent {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        // databases keep microseconds; holding no more keeps the hash chain stable across a round trip
        time = time.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public static Builder builder(AuditKind kind, Outcome outcome) {
        return new Builder(kind, outcome);
    }

    /** A copy carrying the identity and chain position the log assigned (the key id kept). */
    public AuditEvent sealed(Long newId, String newNodeId, long sequence, String previous, String newHash) {
        return sealed(newId, newNodeId, sequence, previous, newHash, keyId);
    }

    /** A copy carrying the identity, chain position and chain key id the log assigned. */
    public AuditEvent sealed(Long newId, String newNodeId, long sequence, String previous, String newHash, String newKeyId) {
        return new AuditEvent(newId, correlationId, time, kind, outcome, hostId, hostName, tokenPublicId,
                tokenIssuedBy, actor, gateway, server, tool, method, jsonRpcId, httpStatus, errorCode, detail,
                durationMicros, upstreamDurationMicros, bytesIn, bytesOut, clientAddress, userAgent,
                mcpSessionId, newNodeId, sequence, previous, newHash, traceId, newKeyId);
    }

    /** A builder so that call sites name the fields they set; unset fields stay null. */
    public static final class Builder {
        private final AuditKind kind;
        private final Outcome outcome;
        private String correlationId = dev.gatehouse.core.runtime.LocalIds.uuid();
        private Instant time = Instant.now();
        private String hostId, hostName, tokenPublicId, tokenIssuedBy, actor, gateway, server, tool, method,
                jsonRpcId, detail, clientAddress, userAgent, mcpSessionId, traceId;
        private Integer httpStatus, errorCode;
        private Long durationMicros, upstreamDurationMicros, bytesIn, bytesOut;

        private Builder(AuditKind kind, Outcome outcome) {
            this.kind = kind;
            this.outcome = outcome;
        }

        public Builder correlationId(String v) { this.correlationId = v; return this; }
        public Builder time(Instant v) { this.time = v; return this; }
        public Builder grant(TokenGrant g) {
            if (g != null) {
                hostId = g.hostId();
                hostName = g.hostName();
                tokenPublicId = g.tokenPublicId();
                tokenIssuedBy = g.issuedBy();
                gateway = g.gatewaySlug();
            }
            return this;
        }
        public Builder hostId(String v) { this.hostId = v; return this; }
        public Builder hostName(String v) { this.hostName = v; return this; }
        public Builder tokenPublicId(String v) { this.tokenPublicId = v; return this; }
        public Builder tokenIssuedBy(String v) { this.tokenIssuedBy = v; return this; }
        public Builder actor(String v) { this.actor = v; return this; }
        public Builder gateway(String v) { this.gateway = v; return this; }
        public Builder server(String v) { this.server = v; return this; }
        public Builder tool(String v) { this.tool = v; return this; }
        public Builder method(String v) { this.method = v; return this; }
        public Builder jsonRpcId(String v) { this.jsonRpcId = v; return this; }
        public Builder httpStatus(Integer v) { this.httpStatus = v; return this; }
        public Builder errorCode(Integer v) { this.errorCode = v; return this; }
        public Builder detail(String v) { this.detail = v; return this; }
        public Builder durationMicros(Long v) { this.durationMicros = v; return this; }
        public Builder upstreamDurationMicros(Long v) { this.upstreamDurationMicros = v; return this; }
        public Builder bytesIn(Long v) { this.bytesIn = v; return this; }
        public Builder bytesOut(Long v) { this.bytesOut = v; return this; }
        public Builder clientAddress(String v) { this.clientAddress = v; return this; }
        public Builder userAgent(String v) { this.userAgent = v; return this; }
        public Builder mcpSessionId(String v) { this.mcpSessionId = v; return this; }
        public Builder traceId(String v) { this.traceId = v; return this; }

        public AuditEvent build() {
            return new AuditEvent(null, correlationId, time, kind, outcome, hostId, hostName, tokenPublicId,
                    tokenIssuedBy, actor, gateway, server, tool, method, jsonRpcId, httpStatus, errorCode, detail,
                    durationMicros, upstreamDurationMicros, bytesIn, bytesOut, clientAddress, userAgent,
                    mcpSessionId, null, null, null, null, traceId, null);
        }
    }
}
