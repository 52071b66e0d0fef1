package dev.gatehouse.core.audit.journal;

import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One segment read from its start: its header, its records in chain order, where its readable part ends, and
 * the torn frame that ended it early, if any. A frame that passes its CRC but breaks the chain (another node's,
 * a sequence gap, a wrong link) is not a crash's doing and fails the scan.
 *
 * @param header   null when not even the header frame is whole
 * @param lastSeq  the last record's sequence number ({@code header.firstSeq() - 1} when it has none)
 * @param lastHash the last record's hash (the header's previous hash when it has none)
 * @param end      the offset after the last whole frame
 * @param torn     the frame that could not be read, or null when the segment reads to its end
 */
record SegmentScan(SegmentHeader header, long lastSeq, String lastHash, long end, Frames.TornFrame torn) {

    /**
     * @param expectedNode the chain the segment must belong to
     * @param before       the chain position the segment must continue (null: any, for the first segment)
     */
    static SegmentScan read(Path file, long limit, String expectedNode, AuditJournal.Position before) throws IOException {
        return read(file, limit, expectedNode, before, e -> { });
    }

    static SegmentScan read(Path file, long limit, String expectedNode, AuditJournal.Position before,
                            Consumer<AuditEvent> records) throws IOException {
        try (Frames.Reader in = new Frames.Reader(file, 0, limit)) {
            SegmentHeader header;
            try {
                ByteBuffer first = in.next();
                if (first == null) {
                    return new SegmentScan(null, 0, null, 0, null);
                }
                header = SegmentHeader.decode(first);
            } catch (Frames.TornFrame torn) {
                return new SegmentScan(null, 0, null, 0, torn);
            }
            if (!header.nodeId().equals(expectedNode)) {
                throw new IllegalStateException("audit journal segment " + file + " belongs to node " + header.nodeId()
                        + ", not " + expectedNode);
            }
            if (before != null && (header.firstSeq() != before.sequence() + 1
                    || !Objects.equals(header.previousHash(), before.hash()))) {
                throw new IllegalStateException("audit journal segment " + file + " does not continue the chain at record "
                        + (before.sequence() + 1));
            }
            long seq = header.firstSeq() - 1;
            String hash = header.previousHash();
            while (true) {
                long offset = in.offset();
                ByteBuffer frame;
                try {
                    frame = in.next();
                } catch (Frames.TornFrame torn) {
                    return new SegmentScan(header, seq, hash, offset, torn);
                }
                if (frame == null) {
                    return new SegmentScan(header, seq, hash, offset, null);
                }
                AuditEvent e = RecordCodec.decode(frame);
                if (e.nodeSequence() != seq + 1 || !Objects.equals(e.previousHash(), hash) || !expectedNode.equals(e.nodeId())) {
                    throw new IllegalStateException("audit journal segment " + file + ": the record at offset " + offset
                            + " does not continue the chain at record " + (seq + 1));
                }
                records.accept(e);
                seq = e.nodeSequence();
                hash = e.hash();
            }
        }
    }
}
