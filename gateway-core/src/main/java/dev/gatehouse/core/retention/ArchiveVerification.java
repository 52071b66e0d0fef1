package dev.gatehouse.core.retention;

import java.util.List;

/**
 * What checking an archive found: intact when the manifest's signature holds, the file's SHA-256 is the
 * manifest's, and every record verifies in its node's chain from the run's first link to its last hash.
 *
 * @param records  records read from the file
 * @param problems each thing found wrong, in words for an operator; empty when intact
 */
public record ArchiveVerification(String archiveId, long records, List<String> problems) {
    public ArchiveVerification {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }
}
