package dev.gatehouse.core.audit.journal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The first frame of every segment: whose chain it continues and where. It carries the chain position before
 * its first record, so a node whose older segments were all shipped and deleted still knows its chain head
 * without asking the database.
 *
 * @param nodeId       the chain
 * @param firstSeq     the sequence number of the segment's first record
 * @param previousHash the hash of the record before it (null at the start of a chain)
 */
record SegmentHeader(String nodeId, long firstSeq, String previousHash) {
    static final byte TYPE = 0;
    private static final byte[] MAGIC = "GHAJ1".getBytes(StandardCharsets.US_ASCII);

    SegmentHeader {
        Objects.requireNonNull(nodeId, "nodeId");
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(TYPE);
        out.write(MAGIC, 0, MAGIC.length);
        text(out, nodeId);
        RecordCodec.varint(out, firstSeq);
        text(out, previousHash == null ? "" : previousHash);
        return out.toByteArray();
    }

    static SegmentHeader decode(ByteBuffer in) {
        try {
            byte[] magic = new byte[MAGIC.length];
            if (in.get() != TYPE) {
                throw new IllegalArgumentException("not a segment header");
            }
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a Gatehouse audit journal segment");
            }
            String node = text(in);
            long first = RecordCodec.varint(in);
            String previous = text(in);
            return new SegmentHeader(node, first, previous.isEmpty() ? null : previous);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("segment header cut short", e);
        }
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        RecordCodec.varint(out, utf8.length);
        out.write(utf8, 0, utf8.length);
    }

    private static String text(ByteBuffer in) {
        long length = RecordCodec.varint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("segment header text longer than its frame");
        }
        byte[] utf8 = new byte[(int) length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
