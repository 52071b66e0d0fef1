package dev.gatehouse.core.audit.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The journal's framing: a 4-byte length, a 4-byte CRC32C over the length and the payload, then the payload.
 * A frame cut short by a crash, or whose bytes changed, fails its length or its CRC and is reported as
 * {@link TornFrame} with its offset: never skipped.
 */
final class Frames {
    static final int HEADER_BYTES = 8;
    /** Larger than any record (texts are cut to their columns), small enough that a bad length is caught. */
    static final int MAX_PAYLOAD = 1 << 20;

    private Frames() {
    }

    /** Appends one frame holding {@code payload} to {@code out} (which must have room). */
    static void write(ByteBuffer out, byte[] payload) {
        out.putInt(payload.length);
        out.putInt(crc(payload.length, payload, payload.length));
        out.put(payload);
    }

    static int size(byte[] payload) {
        return HEADER_BYTES + payload.length;
    }

    private static int crc(int length, byte[] payload, int count) {
        CRC32C crc = new CRC32C();
        crc.update(new byte[]{(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        crc.update(payload, 0, count);
        return (int) crc.getValue();
    }

    /** A frame that is incomplete or does not match its CRC, at {@code offset} of its segment. */
    static final class TornFrame extends Exception {
        final long offset;

        TornFrame(long offset, String reason) {
            super(reason + " at offset " + offset);
            this.offset = offset;
        }
    }

    /** Reads the frames of one segment file from an offset up to a limit (the bytes known to be written). */
    static final class Reader implements AutoCloseable {
        private final FileChannel channel;
        private final DataInputStream in;
        private final long limit;
        private long offset;

        Reader(Path segment, long offset, long limit) throws IOException {
            this.channel = FileChannel.open(segment, StandardOpenOption.READ);
            channel.position(offset);
            this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024));
            this.offset = offset;
            this.limit = limit;
        }

        /** The next frame's payload, or null at the limit. */
        ByteBuffer next() throws IOException, TornFrame {
            if (offset >= limit) {
                return null;
            }
            if (limit - offset < HEADER_BYTES) {
                throw new TornFrame(offset, "frame header cut short (" + (limit - offset) + " bytes)");
            }
            int length;
            int expected;
            try {
                length = in.readInt();
                expected = in.readInt();
            } catch (EOFException e) {
                throw new TornFrame(offset, "frame header cut short");
            }
            if (length <= 0 || length > MAX_PAYLOAD || length > limit - offset - HEADER_BYTES) {
                throw new TornFrame(offset, "frame length " + length + " impossible or beyond the end");
            }
            byte[] payload = new byte[length];
            try {
                in.readFully(payload);
            } catch (EOFException e) {
                throw new TornFrame(offset, "frame payload cut short");
            }
            if (crc(length, payload, length) != expected) {
                throw new TornFrame(offset, "frame CRC32C mismatch");
            }
            offset += HEADER_BYTES + length;
            return ByteBuffer.wrap(payload);
        }

        /** The offset just after the last frame read. */
        long offset() {
            return offset;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
