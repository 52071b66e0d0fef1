package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One tool of a quarantined server as Gatehouse knows it: the definition an admin approved (null for a
 * tool never approved) and the different one an upstream published since (null when none is waiting).
 */
public record ToolReview(String serverId, String tool, String approvedHash, JsonNode approvedDefinition,
                         String approvedBy, Instant approvedAt, String pendingHash, JsonNode pendingDefinition,
                         Instant pendingSince) {
    public ToolReview {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(tool, "tool");
    }

    /** True while the tool is hidden and blocked: never approved, or changed since its approval. */
    public boolean quarantined() {
        return approvedHash == null || pendingHash != null;
    }

    /** {@code new}, {@code changed} or {@code approved}. */
    public String status() {
        if (pendingHash == null) {
            return approvedHash == null ? "new" : "approved";
        }
        return approvedHash == null ? "new" : "changed";
    }

    /** The approved definition against the pending one, line by line. */
    public List<String> diff() {
        String before = approvedDefinition == null ? "" : ToolFingerprint.pretty(approvedDefinition);
        String after = pendingDefinition == null ? before : ToolFingerprint.pretty(pendingDefinition);
        return LineDiff.of(before, after);
    }
}
