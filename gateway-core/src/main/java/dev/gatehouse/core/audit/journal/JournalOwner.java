package dev.gatehouse.core.audit.journal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Which database a node's journal belongs to: the id of that database ({@code gh_database_identity}) and how far
 * its records were shipped into it when the node last stopped, in a small file beside the segments. A journal
 * is only ever shipped into its own database: at start, one of another database (an H2 try-out before the move
 * to PostgreSQL) is set aside intact when it may hold unshipped records, or reset when it holds none, and the
 * node starts on a fresh journal. A journal from before this file existed is taken as the current database's.
 */
public final class JournalOwner {
    private static final System.Logger LOG = System.getLogger(JournalOwner.class.getName());
    /** The file in a node's journal folder. */
    public static final String FILE = "journal-database.properties";
    private static final String DATABASE = "database-id";
    private static final String SHIPPED = "shipped-through";

    /**
     * What a node folder's file says.
     *
     * @param databaseId     the database its records belong to
     * @param shippedThrough the last record known to be in that database's table (-1 when unknown)
     */
    public record Owner(String databaseId, long shippedThrough) {
    }

    private JournalOwner() {
    }

    /**
     * Makes the node's journal under {@code root} belong to {@code databaseId}, setting another database's
     * journal aside (unshipped records) or resetting it (none).
     *
     * @return where another database's journal was set aside; empty when the journal was already this
     *         database's, new, from before owners were recorded, or held nothing unshipped
     */
    public static Optional<Path> claim(Path root, String nodeId, String databaseId, long segmentBytes) {
        Path folder = AuditJournal.folderOf(root, nodeId);
        try {
            Optional<Owner> owner = read(folder);
            if (owner.isEmpty() || owner.get().databaseId().equals(databaseId)) {
                write(folder, new Owner(databaseId, owner.map(Owner::shippedThrough).orElse(-1L)));
                return Optional.empty();
            }
            String other = owner.get().databaseId();
            Optional<AuditJournal.Position> head;
            try (AuditJournal journal = AuditJournal.openFolder(folder, nodeId, false, segmentBytes)) {
                head = journal.head();
                if (head.isEmpty() || head.get().sequence() <= owner.get().shippedThrough()) {
                    journal.restartAfter(head.orElse(new AuditJournal.Position(0, null)));
                    LOG.log(System.Logger.Level.INFO, "audit journal " + folder + " belonged to database " + other
                            + " and held nothing unshipped: reset for database " + databaseId);
                    write(folder, new Owner(databaseId, -1));
                    return Optional.empty();
                }
            }
            Path aside = asideFolder(root, other).resolve(folder.getFileName());
            Files.createDirectories(aside.getParent());
            Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(System.Logger.Level.ERROR, "audit journal " + folder + " belongs to database " + other
                    + ", not to this one (" + databaseId + "), and may hold records not shipped to it (through record "
                    + head.get().sequence() + "): set aside intact in " + aside + " and never shipped here; this node"
                    + " starts on a fresh journal. Ship it to its own database with: java -jar gatehouse.jar"
                    + " ship-audit-journal --journal " + aside + " --data DATA --db-url URL-OF-DATABASE-" + other
                    + " --db-user USER (docs/audit.md)");
            write(folder, new Owner(databaseId, -1));
            return Optional.of(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("the audit journal in " + folder + " cannot be claimed for database "
                    + databaseId + ": " + e.getMessage(), e);
        }
    }

    /** Where the journals of database {@code databaseId} are set aside: beside the journal folder, never in it. */
    public static Path asideFolder(Path root, String databaseId) {
        Path base = root.resolveSibling(root.getFileName() + "-of-database-" + databaseId);
        Path candidate = base;
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = root.resolveSibling(base.getFileName() + "-" + i);
        }
        return candidate;
    }

    /** The owner a node folder records; empty when it records none (a new folder, or one from before V28). */
    public static Optional<Owner> read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String id = p.getProperty(DATABASE, "").strip();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(id, Long.parseLong(p.getProperty(SHIPPED, "-1").strip())));
        } catch (NumberFormatException e) {
            return Optional.of(new Owner(id, -1));
        }
    }

    /** Records that the journal in {@code folder} belongs to the owner's database (written whole or not at all). */
    public static void write(Path folder, Owner owner) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty(DATABASE, owner.databaseId());
        p.setProperty(SHIPPED, Long.toString(owner.shippedThrough()));
        Path temp = folder.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(out, "the database this audit journal ships into (gh_database_identity); docs/audit.md");
        }
        Files.move(temp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
