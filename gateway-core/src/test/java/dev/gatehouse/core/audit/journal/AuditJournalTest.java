package dev.gatehouse.core.audit.journal;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's files on a real disk: records read back exactly, a torn tail (a write cut short, a changed
 * byte in the last frame) is found by length and CRC and cut off with a log line, and damage anywhere else
 * stops the journal instead of skipping a record.
 */
class AuditJournalTest {
    private static final String NODE = "node-j@gatehouse";
    @TempDir
    Path root;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(AuditJournal.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(AuditJournal.class.getName()).removeHandler(capture);
    }

    /** Records {@code from} to {@code to} of a chain whose hashes are simple names (the journal does not check HMACs). */
    static List<AuditEvent> chain(long from, long to) {
        List<AuditEvent> out = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            out.add(AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId("c-" + seq)
                    .time(Instant.parse("2026-12-06T23:00:00.123456Z").plusSeconds(seq)).tool("echo").jsonRpcId("ü-" + seq)
                    .httpStatus(seq % 2 == 0 ? 200 : null).durationMicros(-seq).detail("détail ✓ " + seq)
                    .traceId(seq % 3 == 0 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null).build()
                    .sealed(null, NODE, seq, seq == 1 ? null : "h" + (seq - 1), "h" + seq));
        }
        return out;
    }

    private static List<AuditEvent> readAll(AuditJournal journal) throws IOException {
        return new JournalCursor(journal, 0).next(Integer.MAX_VALUE);
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> files = Files.list(AuditJournal.folderOf(root, NODE))) {
            List<Path> all = files.sorted().toList();
            return all.get(all.size() - 1);
        }
    }

    @Test
    void appendWhenReopenedThenEveryRecordReadsBackExactlyAndTheHeadContinues() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            journal.append(chain(1, 3));
            journal.append(chain(4, 5));
        }
        try (AuditJournal journal = AuditJournal.open(root, NODE, true, 1 << 20)) {
            assertEquals(new AuditJournal.Position(5, "h5"), journal.head().orElseThrow());
            assertEquals(chain(1, 5), readAll(journal));
            journal.append(chain(6, 6));
            assertEquals(chain(1, 6), readAll(journal));
        }
        assertTrue(logged.isEmpty(), logged::toString);
    }

    @Test
    void openWhenTheLastWriteWasCutShortThenTheTornTailIsCutOffWithALogLine() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            journal.append(chain(1, 2));
            journal.append(chain(3, 4));
        }
        Path segment = onlySegment();
        long whole = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(whole - 7); // the crash cut the second write short, inside record 4
        }
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            assertEquals(new AuditJournal.Position(3, "h3"), journal.head().orElseThrow());
            assertEquals(chain(1, 3), readAll(journal));
            journal.append(chain(4, 4)); // the chain goes on where the whole records end
            assertEquals(chain(1, 4), readAll(journal));
        }
        assertTrue(logged.stream().anyMatch(m -> m.contains("torn tail") && m.contains("cut off")), logged::toString);
    }

    @Test
    void openWhenTheLastFramesBytesChangedThenTheCrcCatchesItAndItIsCutOff() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            journal.append(chain(1, 3));
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(f.length() - 3);
            int b = f.read();
            f.seek(f.length() - 3);
            f.write(b ^ 0x01);
        }
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            assertEquals(chain(1, 2), readAll(journal));
        }
        assertTrue(logged.stream().anyMatch(m -> m.contains("CRC32C mismatch")), logged::toString);
    }

    @Test
    void openWhenAnEarlierSegmentIsDamagedThenItRefusesInsteadOfSkippingRecords() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 200)) {
            for (long seq = 1; seq <= 6; seq++) {
                journal.append(chain(seq, seq)); // small segments: several files
            }
            assertTrue(journal.segments().size() > 2, journal.segments()::toString);
        }
        Path first;
        try (Stream<Path> files = Files.list(AuditJournal.folderOf(root, NODE))) {
            first = files.sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(f.length() - 2);
            f.write(0x7F);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditJournal.open(root, NODE, false, 200));
        assertTrue(e.getMessage().contains("damaged before its end"), e.getMessage());
    }

    @Test
    void deleteShippedThroughWhenSegmentsAreShippedThenTheyGoAndTheOneBeingWrittenStays() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 200)) {
            for (long seq = 1; seq <= 6; seq++) {
                journal.append(chain(seq, seq));
            }
            int before = journal.segments().size();
            AuditJournal.Segment last = journal.segments().get(before - 1);
            assertEquals(0, journal.deleteShippedThrough(0));
            assertEquals(before - 1, journal.deleteShippedThrough(6));
            assertEquals(List.of(last), journal.segments());
            assertEquals(new AuditJournal.Position(6, "h6"), journal.head().orElseThrow());
        }
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 200)) {
            // the remaining segment's header still knows where the chain stands
            assertEquals(new AuditJournal.Position(6, "h6"), journal.head().orElseThrow());
            journal.append(chain(7, 7));
            assertEquals(chain(7, 7), new JournalCursor(journal, 6).next(10));
        }
    }

    @Test
    void openWhenASegmentOfAnotherNodeIsInTheFolderThenItRefuses() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 1 << 20)) {
            journal.append(chain(1, 1));
        }
        Path other = AuditJournal.folderOf(root, "node-other");
        Files.createDirectories(other);
        Files.copy(onlySegment(), other.resolve(onlySegment().getFileName()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditJournal.open(root, "node-other", false, 1 << 20));
        assertTrue(e.getMessage().contains("belongs to node " + NODE), e.getMessage());
    }

    @Test
    void cursorWhenReadInPiecesThenEachRecordOnceInChainOrder() throws Exception {
        try (AuditJournal journal = AuditJournal.open(root, NODE, false, 300)) {
            journal.append(chain(1, 10));
            JournalCursor cursor = new JournalCursor(journal, 2);
            List<AuditEvent> read = new ArrayList<>(cursor.next(3));
            journal.append(chain(11, 12));
            read.addAll(cursor.next(100));
            assertEquals(chain(3, 12), read);
            assertEquals(List.of(), cursor.next(10));
        }
    }

    /**
     * Every component of a record survives the journal, the database id aside (the shipper assigns it): a field
     * added to {@link AuditEvent} and forgotten in {@link RecordCodec} would be lost between journal and table,
     * and its record would no longer verify.
     */
    @Test
    void codecWhenEveryComponentIsSetThenEveryOneReadsBack() throws Exception {
        var components = AuditEvent.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            values[i] = type == String.class ? "v" + i + "-ü"
                    : type == Long.class ? (long) -i * 1_000_003L
                    : type == Integer.class ? i * 7
                    : type == Instant.class ? Instant.parse("2026-12-06T23:59:59.999999Z")
                    : type == AuditKind.class ? AuditKind.CALL_COMPLETED
                    : type == Outcome.class ? Outcome.ERROR
                    : null;
            assertTrue(values[i] != null, "a component of a type the test does not know: " + components[i]);
        }
        AuditEvent full = AuditEvent.class.getDeclaredConstructor(java.util.Arrays.stream(components)
                .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(values);
        AuditEvent read = RecordCodec.decode(java.nio.ByteBuffer.wrap(RecordCodec.encode(full)));
        assertEquals(full.sealed(null, full.nodeId(), full.nodeSequence(), full.previousHash(), full.hash()), read);
    }
}
