package dev.gatehouse.core.retention;

/**
 * Consecutive records {@code firstSequence..lastSequence} of one node's chain that an archive holds (and the
 * database no longer does): the link of the first ({@code firstPreviousHash}: the hash of the record before
 * it) and the hash of the last, so a verifier can step over them. {@code signature} is an HMAC over all of
 * it under the manifest key ({@link ManifestSigner}): only a holder of the audit chain key makes a run.
 */
public record ArchivedRun(String archiveId, String nodeId, long firstSequence, long lastSequence, String firstPreviousHash,
                          String lastHash, String signature) {
    /** The text the signature covers. */
    String signedText() {
        return "run\u001f" + archiveId + '\u001f' + nodeId + '\u001f' + firstSequence + '\u001f' + lastSequence + '\u001f'
                + (firstPreviousHash == null ? "\u0000" : firstPreviousHash) + '\u001f' + lastHash;
    }

    public long records() {
        return lastSequence - firstSequence + 1;
    }
}
