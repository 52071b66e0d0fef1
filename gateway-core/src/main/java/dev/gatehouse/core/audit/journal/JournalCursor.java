package dev.gatehouse.core.audit.journal;

import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a journal's records in chain order from a sequence number on, never past what the writer has written,
 * remembering where it stopped so that the next read goes on from there. One reader thread per cursor.
 */
public final class JournalCursor {
    private final AuditJournal journal;
    private long after;
    private Path segment;
    private long offset;

    /** A cursor at the first record after {@code afterSeq}. */
    public JournalCursor(AuditJournal journal, long afterSeq) {
        this.journal = journal;
        this.after = afterSeq;
    }

    /** The sequence number of the last record handed out (or the start). */
    public long position() {
        return after;
    }

    /** Moves on past {@code seq} (records the database already holds); never back. */
    public void skipThrough(long seq) {
        if (seq > after) {
            after = seq;
        }
    }

    /** Up to {@code max} records after the cursor, in chain order; empty when the writer has written no more. */
    public List<AuditEvent> next(int max) throws IOException {
        List<AuditEvent> out = new ArrayList<>(Math.min(max, 1024));
        List<AuditJournal.Segment> segments = journal.segments();
        int i = locate(segments);
        while (i >= 0 && i < segments.size() && out.size() < max) {
            AuditJournal.Segment s = segments.get(i);
            if (!s.path().equals(segment)) {
                segment = s.path();
                offset = 0;
            }
            read(s, max, out);
            if (out.size() < max && i < segments.size() - 1) {
                i++;
            } else {
                break;
            }
        }
        return out;
    }

    private int locate(List<AuditJournal.Segment> segments) {
        for (int i = 0; i < segments.size(); i++) {
            AuditJournal.Segment s = segments.get(i);
            if (s.path().equals(segment) && s.lastSeq() >= after && s.firstSeq() <= after + 1) {
                return i; // go on where the last read stopped
            }
        }
        segment = null;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).lastSeq() > after) {
                return i;
            }
        }
        return -1;
    }

    private void read(AuditJournal.Segment s, int max, List<AuditEvent> out) throws IOException {
        try (Frames.Reader in = new Frames.Reader(s.path(), offset, s.size())) {
            if (offset == 0) {
                SegmentHeader.decode(frame(in, s));
            }
            while (out.size() < max) {
                ByteBuffer frame = frame(in, s);
                if (frame == null) {
                    break;
                }
                AuditEvent e = RecordCodec.decode(frame);
                offset = in.offset();
                if (e.nodeSequence() > after) {
                    out.add(e);
                    after = e.nodeSequence();
                }
            }
            offset = in.offset();
        }
    }

    private static ByteBuffer frame(Frames.Reader in, AuditJournal.Segment s) throws IOException {
        try {
            return in.next();
        } catch (Frames.TornFrame torn) {
            // within the written part a frame can only be bad if someone changed the file under the running node
            throw new IOException("audit journal segment " + s.path() + " damaged: " + torn.getMessage(), torn);
        }
    }
}
