package dev.gatehouse.core.audit.journal;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The compact encoding of one sealed audit record in a journal frame: a bit set of the fields present,
 * then each present field in a fixed order, numbers as zig-zag varints, texts as a varint length and UTF-8.
 * Kind and outcome are written by name, so reordering the enums never changes what a journal means.
 * New fields go at the end, behind a new bit. The database id is not part of it: the shipper assigns it.
 */
final class RecordCodec {
    static final byte RECORD = 1;

    private RecordCodec() {
    }

    static byte[] encode(AuditEvent e) {
        Object[] fields = fields(e);
        long present = 0;
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] != null) {
                present |= 1L << i;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(RECORD);
        varint(out, present);
        for (Object f : fields) {
            if (f instanceof String s) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varint(out, utf8.length);
                out.write(utf8, 0, utf8.length);
            } else if (f instanceof Number n) {
                varint(out, zigzag(n.longValue()));
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a record of this encoding */
    static AuditEvent decode(ByteBuffer in) {
        try {
            if (in.get() != RECORD) {
                throw new IllegalArgumentException("not an audit record frame");
            }
            long present = varint(in);
            int i = 0;
            String correlationId = text(in, present, i++);
            Long micros = number(in, present, i++);
            String kind = text(in, present, i++);
            String outcome = text(in, present, i++);
            String[] texts = new String[10];
            for (int t = 0; t < texts.length; t++) {
                texts[t] = text(in, present, i++);
            }
            Long httpStatus = number(in, present, i++);
            Long errorCode = number(in, present, i++);
            String detail = text(in, present, i++);
            Long duration = number(in, present, i++);
            Long upstreamDuration = number(in, present, i++);
            Long bytesIn = number(in, present, i++);
            Long bytesOut = number(in, present, i++);
            String clientAddress = text(in, present, i++);
            String userAgent = text(in, present, i++);
            String session = text(in, present, i++);
            String nodeId = text(in, present, i++);
            Long sequence = number(in, present, i++);
            String previous = text(in, present, i++);
            String hash = text(in, present, i++);
            String traceId = text(in, present, i++);
            String keyId = text(in, present, i);
            if (in.hasRemaining() || micros == null || kind == null || outcome == null || sequence == null || hash == null) {
                throw new IllegalArgumentException("audit record frame incomplete or with trailing bytes");
            }
            Instant time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
            return new AuditEvent(null, correlationId, time, AuditKind.valueOf(kind), Outcome.valueOf(outcome),
                    texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6], texts[7], texts[8], texts[9],
                    toInt(httpStatus), toInt(errorCode), detail, duration, upstreamDuration, bytesIn, bytesOut,
                    clientAddress, userAgent, session, nodeId, sequence, previous, hash, traceId, keyId);
        } catch (BufferUnderflowException | IllegalStateException | NullPointerException e) {
            throw new IllegalArgumentException("malformed audit record frame: " + e, e);
        }
    }

    private static Object[] fields(AuditEvent e) {
        long micros = Math.multiplyExact(e.time().getEpochSecond(), 1_000_000L) + e.time().getNano() / 1000;
        return new Object[]{e.correlationId(), micros, e.kind().name(), e.outcome().name(),
                e.hostId(), e.hostName(), e.tokenPublicId(), e.tokenIssuedBy(), e.actor(), e.gateway(), e.server(),
                e.tool(), e.method(), e.jsonRpcId(), e.httpStatus(), e.errorCode(), e.detail(), e.durationMicros(),
                e.upstreamDurationMicros(), e.bytesIn(), e.bytesOut(), e.clientAddress(), e.userAgent(),
                e.mcpSessionId(), e.nodeId(), e.nodeSequence(), e.previousHash(), e.hash(), e.traceId(), e.keyId()};
    }

    private static Integer toInt(Long v) {
        return v == null ? null : Math.toIntExact(v);
    }

    private static String text(ByteBuffer in, long present, int bit) {
        if ((present & (1L << bit)) == 0) {
            return null;
        }
        long length = varint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("text longer than its frame");
        }
        byte[] utf8 = new byte[(int) length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static Long number(ByteBuffer in, long present, int bit) {
        if ((present & (1L << bit)) == 0) {
            return null;
        }
        long z = varint(in);
        return (z >>> 1) ^ -(z & 1);
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }
}
