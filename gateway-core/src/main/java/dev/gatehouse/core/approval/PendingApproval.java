package dev.gatehouse.core.approval;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/** A held call as stored, with its decision once there is one. */
public record PendingApproval(String id, String gateway, String hostId, String hostName, String connectionId,
                              String tokenPublicId, String server, String tool, String ruleId, String ruleName,
                              JsonNode arguments, ApprovalStatus status, Instant requestedAt, Instant expiresAt,
                              String decidedBy, Instant decidedAt, String reason, String nodeId, String correlationId) {
    public PendingApproval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
