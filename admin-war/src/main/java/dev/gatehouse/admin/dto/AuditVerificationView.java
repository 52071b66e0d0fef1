package dev.gatehouse.admin.dto;

import java.util.List;

/**
 * The result of walking the audit hash chains: {@code intact} is false as soon as one break is found;
 * {@code breaks} lists them in node and sequence order (at most 100), each with a sentence for an operator.
 */
public record AuditVerificationView(boolean intact, long records, List<Chain> chains, List<Break> breaks) {
    /** One writing node's chain; {@code lastHash} is the stored head, to compare with an earlier walk. */
    public record Chain(String nodeId, long records, long firstSequence, long lastSequence, String lastHash) {
    }

    /**
     * One break: {@code problem} is {@code altered} (content no longer matches its hash: edited, or inserted
     * without the key), {@code broken_link} (does not link to its predecessor) or {@code missing} ({@code missing}
     * sequence numbers from {@code sequence} on are absent: deleted).
     */
    public record Break(String nodeId, long sequence, Long recordId, String problem, long missing, String description) {
    }
}
