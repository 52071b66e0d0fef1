package dev.gatehouse.core.audit;

import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalOwner;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.runtime.NodeThreads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Opens the audit log that the node's {@code audit-durability} asks for. */
public final class AuditLogs {
    private static final System.Logger LOG = System.getLogger(AuditLogs.class.getName());

    private AuditLogs() {
    }

    /** The node's audit log, with what health and verification need to know of it. */
    public record Opened(BatchingAuditLog log, Optional<JournaledAuditLog> journaled, Optional<Path> setAside) {
        public AuditLag lag() {
            return journaled.map(JournaledAuditLog::lag).orElse(setAside
                    .map(p -> new AuditLag(AuditDurability.DATABASE, 0, 0, 0, p.toString())).orElse(AuditLag.NONE));
        }

        public Optional<AuditJournal> journal() {
            return journaled.map(JournaledAuditLog::journal);
        }
    }

    /**
     * A journal first ({@code process}, {@code fsync}), or the database alone ({@code database}). A node switched
     * to {@code database} ships what its journal still holds before it writes anything else, so its chain goes on
     * from the journal's head and no record is left behind.
     */
    public static Opened open(Transactions tx, AuditChain chain, String nodeId, Duration durableWait, AuditStorage storage,
                              Clock clock, NodeThreads threads) {
        if (storage.journaled()) {
            JournaledAuditLog log = new JournaledAuditLog(tx, chain, nodeId, durableWait, storage, clock,
                    threads.named("gatehouse-audit-journal"), threads.named("gatehouse-audit-shipper"));
            return new Opened(log, Optional.of(log), log.setAside());
        }
        Optional<Path> setAside = Optional.empty();
        if (storage.folder() != null && Files.isDirectory(AuditJournal.folderOf(storage.folder(), nodeId))) {
            setAside = JournalOwner.claim(storage.folder(), nodeId, JournaledAuditLog.databaseIdentity(tx), storage.segmentBytes());
            shipLeftover(tx, nodeId, storage);
        }
        return new Opened(new AuditWriter(tx, chain, nodeId, durableWait, threads.named("gatehouse-audit-writer")),
                Optional.empty(), setAside);
    }

    private static void shipLeftover(Transactions tx, String nodeId, AuditStorage storage) {
        try (AuditJournal journal = AuditJournal.open(storage.folder(), nodeId, true, storage.segmentBytes())) {
            if (journal.head().isEmpty()) {
                return;
            }
            long[] through = {0};
            new AuditShipper(journal, new AuditRows(tx, AuditWriter.ID_BLOCK), new AuditReader(tx), s -> through[0] = s).drain();
            LOG.log(System.Logger.Level.INFO, "audit journal " + journal.folder() + " shipped through record " + through[0]
                    + " before writing to the database alone (audit-durability=database)");
            journal.restartAfter(journal.head().orElseThrow());
            Files.deleteIfExists(journal.folder().resolve(JournalOwner.FILE)); // shipped whole: the folder is gone empty
        } catch (IOException e) {
            throw new AuditUnavailable("the audit journal left in " + storage.folder() + " could not be shipped", e);
        }
    }
}
