package dev.gatehouse.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a walk of the audit chains found: how many chains (one per writing node) and records were
 * checked, and every break, in node and sequence order (at most {@link AuditVerifier#MAX_BREAKS}).
 *
 * @param chains  the nodes whose chains were walked
 * @param records the records checked
 * @param breaks  the breaks found; empty when every chain is intact
 */
public record AuditVerification(List<Chain> chains, long records, List<Break> breaks) {
    public AuditVerification {
        chains = List.copyOf(chains);
        breaks = List.copyOf(breaks);
    }

    /** True when no record was edited, removed or forged (as far as the chains can tell). */
    public boolean intact() {
        return breaks.isEmpty();
    }

    /** The first break of all, the one to look at first. */
    public Optional<Break> firstBreak() {
        return breaks.stream().findFirst();
    }

    /**
     * One node's chain.
     *
     * @param nodeId        the writing node
     * @param records       records of this chain checked
     * @param firstSequence the lowest sequence number present
     * @param lastSequence  the highest sequence number present (the chain head as stored)
     * @param lastHash      the hash of that record, for comparison with a later walk or an external copy
     */
    public record Chain(String nodeId, long records, long firstSequence, long lastSequence, String lastHash) {
        public Chain {
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    /** What is wrong at a place in a chain. */
    public enum Problem {
        /** The record's content no longer matches its hash: edited in place, or inserted by someone without the key. */
        ALTERED,
        /** The record does not point at the hash of the record before it: its predecessor was replaced or re-sequenced. */
        BROKEN_LINK,
        /** Sequence numbers are missing before this record: records were deleted. */
        MISSING,
        /**
         * The record names an audit chain key this node does not hold: chained before a re-key, and the old
         * key was not given as a retired key ({@code audit-chain-old-keys}), or forged with a made-up key id.
         */
        UNKNOWN_KEY
    }

    /**
     * One break.
     *
     * @param nodeId   the chain
     * @param sequence the sequence number of the record where the break shows (for MISSING: the first missing one)
     * @param recordId the database id of the record where it shows; null for a record still in its node's journal
     * @param problem  what is wrong
     * @param missing  for MISSING, how many sequence numbers are absent; 0 otherwise
     * @param keyId    for UNKNOWN_KEY, the id the record names; null otherwise
     */
    public record Break(String nodeId, long sequence, Long recordId, Problem problem, long missing, String keyId) {
        public Break {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(problem, "problem");
        }

        public Break(String nodeId, long sequence, Long recordId, Problem problem, long missing) {
            this(nodeId, sequence, recordId, problem, missing, null);
        }

        /** One line for an operator: where, and what. */
        public String describe() {
            String where = recordId == null ? "in the node's audit journal" : "id " + recordId;
            return switch (problem) {
                case ALTERED -> "node " + nodeId + " record " + sequence + " (" + where
                        + "): content does not match its hash (edited, or inserted without the chain key)";
                case BROKEN_LINK -> "node " + nodeId + " record " + sequence + " (" + where
                        + "): previous-hash link does not match the record before it";
                case MISSING -> "node " + nodeId + " record" + (missing == 1 ? " " + sequence
                        : "s " + sequence + " to " + (sequence + missing - 1)) + " missing (deleted?) before record "
                        + (sequence + missing) + " (" + where + ")";
                case UNKNOWN_KEY -> "node " + nodeId + " record " + sequence + " (" + where
                        + "): chained under audit chain key " + keyId + ", which this node does not hold"
                        + " (give it in audit-chain-old-keys to verify records from before a re-key)";
            };
        }
    }
}
