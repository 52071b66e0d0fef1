package dev.gatehouse.core.audit.journal;

import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One node's audit journal: append-only segment files of framed records ({@link Frames}) in a folder of its
 * own. The writer thread appends each batch with one {@code write} (and one {@code force} when {@code fsync}
 * was asked for); the shipper reads what was written and deletes a segment once every record in it is in the
 * database. On open, a torn tail (a write a crash cut short: no caller was ever answered on it) is detected by
 * length and CRC and truncated with a log line; anything else that does not read back (a bad frame before the
 * end, a record out of chain order, another node's segment) stops the node rather than skipping a record.
 */
public final class AuditJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditJournal.class.getName());
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ghj";

    /**
     * One segment file as far as it is written.
     *
     * @param firstSeq the sequence number its header announces for its first record
     * @param lastSeq  its last record's ({@code firstSeq - 1} while it has none)
     * @param size     bytes written and readable: readers never go past it
     */
    public record Segment(Path path, long firstSeq, long lastSeq, long size) {
        boolean empty() {
            return lastSeq < firstSeq;
        }
    }

    /** A place in the chain: the last record's sequence number and hash. */
    public record Position(long sequence, String hash) {
    }

    private final Path folder;
    private final String nodeId;
    private final boolean force;
    private final long segmentBytes;
    private final Object lock = new Object();
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel active;
    private Position head;
    private boolean broken;

    private AuditJournal(Path folder, String nodeId, boolean force, long segmentBytes) {
        this.folder = folder;
        this.nodeId = nodeId;
        this.force = force;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (creating it if needed) the journal of {@code nodeId} under {@code root}, reading every segment back.
     *
     * @param force one {@code force} per batch ({@code fsync} durability)
     * @throws IllegalStateException when the journal does not read back as one chain (the message says where)
     */
    public static AuditJournal open(Path root, String nodeId, boolean force, long segmentBytes) {
        return openFolder(folderOf(root, nodeId), nodeId, force, segmentBytes);
    }

    /** Opens the journal in a node's own folder (one copied off a node that will not come back). */
    public static AuditJournal openFolder(Path folder, String nodeId, boolean force, long segmentBytes) {
        AuditJournal journal = new AuditJournal(folder, nodeId, force, segmentBytes);
        try {
            Files.createDirectories(folder);
            journal.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("the audit journal in " + folder + " cannot be opened: " + e.getMessage(), e);
        }
        return journal;
    }

    /**
     * The node whose journal a folder holds, from its first segment's header; empty when it holds no segment.
     *
     * @throws IllegalStateException when the first segment's header does not read
     */
    public static Optional<String> nodeOf(Path folder) throws IOException {
        Optional<Path> first;
        try (Stream<Path> list = Files.list(folder)) {
            first = list.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted().findFirst();
        }
        if (first.isEmpty()) {
            return Optional.empty();
        }
        try (Frames.Reader in = new Frames.Reader(first.get(), 0, Files.size(first.get()))) {
            java.nio.ByteBuffer header = in.next();
            if (header == null) {
                return Optional.empty();
            }
            return Optional.of(SegmentHeader.decode(header).nodeId());
        } catch (Frames.TornFrame | IllegalArgumentException e) {
            throw new IllegalStateException("audit journal segment " + first.get() + " has no readable header: " + e.getMessage(), e);
        }
    }

    /** The folder of a node's journal: its chain name made safe for a file name, with a hash that keeps names apart. */
    public static Path folderOf(Path root, String nodeId) {
        String safe = nodeId.replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeId.getBytes(StandardCharsets.UTF_8));
            return root.resolve(safe + "-" + HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The node's chain head as the journal holds it; empty when the journal has never held a record. */
    public Optional<Position> head() {
        synchronized (lock) {
            return Optional.ofNullable(head);
        }
    }

    /** The segments as far as they are written, oldest first. */
    public List<Segment> segments() {
        synchronized (lock) {
            return List.copyOf(segments);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public Path folder() {
        return folder;
    }

    /** Bytes in the journal's segment files. */
    public long bytes() {
        synchronized (lock) {
            return segments.stream().mapToLong(Segment::size).sum();
        }
    }

    /**
     * Writes sealed records, which must continue the chain from {@link #head()}, with one {@code write} (and one
     * {@code force} in fsync mode). When it throws nothing of the batch counts as written: a partial write is cut
     * off again, and if even that fails the journal refuses every later batch (fail closed).
     */
    public void append(List<AuditEvent> sealed) throws IOException {
        if (sealed.isEmpty()) {
            return;
        }
        if (broken) {
            throw new IOException("the audit journal is unusable after a failed write");
        }
        AuditEvent first = sealed.get(0);
        List<byte[]> frames = new ArrayList<>(sealed.size() + 1);
        Segment current;
        synchronized (lock) {
            current = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        }
        boolean roll = active == null || current == null || current.size() >= segmentBytes;
        if (roll) {
            frames.add(new SegmentHeader(nodeId, first.nodeSequence(), first.previousHash()).encode());
        }
        for (AuditEvent e : sealed) {
            frames.add(RecordCodec.encode(e));
        }
        ByteBuffer buffer = ByteBuffer.allocate(frames.stream().mapToInt(Frames::size).sum());
        frames.forEach(f -> Frames.write(buffer, f));
        buffer.flip();
        if (roll) {
            current = startSegment(first.nodeSequence());
        }
        long start = current.size();
        try {
            while (buffer.hasRemaining()) {
                active.write(buffer);
            }
            if (force) {
                active.force(false);
            }
        } catch (IOException e) {
            undo(start, e);
            throw e;
        }
        AuditEvent last = sealed.get(sealed.size() - 1);
        synchronized (lock) {
            segments.set(segments.size() - 1, new Segment(current.path(), current.firstSeq(), last.nodeSequence(),
                    start + buffer.limit()));
            head = new Position(last.nodeSequence(), last.hash());
        }
    }

    private Segment startSegment(long firstSeq) throws IOException {
        if (active != null) {
            active.close();
            active = null;
        }
        Path path = folder.resolve(PREFIX + String.format("%020d", firstSeq) + SUFFIX);
        active = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (force) {
            forceFolder(); // the new file's name must survive a power cut as well as its bytes
        }
        Segment s = new Segment(path, firstSeq, firstSeq - 1, 0);
        synchronized (lock) {
            segments.add(s);
        }
        return s;
    }

    private void undo(long size, IOException failure) {
        try {
            active.truncate(size);
            active.position(size);
        } catch (IOException e) {
            broken = true;
            LOG.log(System.Logger.Level.ERROR, "audit journal " + folder + ": a failed write (" + failure.getMessage()
                    + ") could not be cut off again (" + e.getMessage() + "): the node refuses audited work until restarted");
        }
    }

    /** Deletes every segment but the one being written whose records are all at or below {@code shipped}. */
    public int deleteShippedThrough(long shipped) {
        List<Segment> done = new ArrayList<>();
        synchronized (lock) {
            for (int i = 0; i < segments.size() - 1; i++) {
                Segment s = segments.get(i);
                if (s.lastSeq() <= shipped) {
                    done.add(s);
                }
            }
            segments.removeAll(done);
        }
        for (Segment s : done) {
            try {
                Files.deleteIfExists(s.path());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "audit journal: shipped segment " + s.path() + " not deleted: " + e.getMessage());
            }
        }
        return done.size();
    }

    /**
     * Forgets every segment, when the database already holds a later head than the journal (a journal left from
     * an earlier run whose records were all shipped): the next record starts a new segment after {@code tableHead}.
     */
    public void restartAfter(Position tableHead) throws IOException {
        List<Segment> old;
        synchronized (lock) {
            old = List.copyOf(segments);
            segments.clear();
            head = tableHead;
        }
        if (active != null) {
            active.close();
            active = null;
        }
        for (Segment s : old) {
            Files.deleteIfExists(s.path());
        }
    }

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            recover(files.get(i), i == files.size() - 1);
        }
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last != null && last.size() < segmentBytes) {
            active = FileChannel.open(last.path(), StandardOpenOption.WRITE);
            active.position(last.size());
        }
    }

    private void recover(Path file, boolean last) throws IOException {
        long length = Files.size(file);
        SegmentScan scan = SegmentScan.read(file, length, nodeId, head);
        if (scan.torn() != null) {
            if (!last) {
                throw new IllegalStateException("audit journal segment " + file + " is damaged before its end ("
                        + scan.torn().getMessage() + "), and later segments follow it: not a crash's torn tail");
            }
            LOG.log(System.Logger.Level.WARNING, "audit journal " + file + ": torn tail " + scan.torn().getMessage()
                    + ", " + (length - scan.end()) + " byte(s) cut off (a write a crash cut short, never acknowledged to its callers)");
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(scan.end());
                c.force(true);
            }
        }
        if (scan.header() == null) {
            LOG.log(System.Logger.Level.WARNING, "audit journal " + file + ": segment without a whole header removed");
            Files.delete(file);
            return;
        }
        segments.add(new Segment(file, scan.header().firstSeq(), scan.lastSeq(), scan.end()));
        if (scan.lastSeq() >= scan.header().firstSeq()) {
            head = new Position(scan.lastSeq(), scan.lastHash());
        } else if (head == null) {
            head = new Position(scan.header().firstSeq() - 1, scan.header().previousHash());
        }
    }

    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a folder; the file's own force still covers its bytes
        }
    }

    @Override
    public void close() {
        try {
            if (active != null) {
                active.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "audit journal " + folder + " not closed cleanly: " + e.getMessage());
        }
    }
}
