package dev.gatehouse.core.audit;

import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalCursor;
import dev.gatehouse.core.audit.journal.JournalOwner;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.DatabaseIdentity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Ships the journal of a node that will not come back (its folder copied off its disk) into the table, from
 * another machine: every record the table lacks is first checked against the chain key (content and link,
 * continuing from the table's head for that node), then shipped in chain order exactly as the node itself
 * would have, and the shipped segments are deleted. A journal that does not verify is not shipped at all, nor one
 * that records another database as its own ({@link JournalOwner}).
 */
public final class JournalShipment {
    private static final int PAGE = 1000;

    private JournalShipment() {
    }

    /** What was shipped: the node, and the sequence numbers now in the table that were not before. */
    public record Result(String nodeId, long records, long firstSequence, long lastSequence) {
    }

    /** A record of the journal that does not verify: nothing was shipped. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * @param folder the node's journal folder (the one holding its {@code segment-*.ghj} files)
     * @return empty when the folder holds no segment (nothing to ship, or shipped already)
     * @throws Refused when a record the table lacks does not verify under {@code chain}'s key
     */
    public static java.util.Optional<Result> ship(Path folder, Transactions tx, AuditChain chain) throws IOException, Refused {
        return ship(folder, tx, AuditKeys.only(chain));
    }

    /**
     * As {@link #ship(Path, Transactions, AuditChain)}, each record checked under the key it names: the current
     * audit chain key or a retired one, so a journal written before a re-key still ships.
     */
    public static java.util.Optional<Result> ship(Path folder, Transactions tx, AuditKeys keys) throws IOException, Refused {
        java.util.Optional<String> node = AuditJournal.nodeOf(folder);
        if (node.isEmpty()) {
            return java.util.Optional.empty();
        }
        String nodeId = node.get();
        java.util.Optional<JournalOwner.Owner> owner = JournalOwner.read(folder);
        String here = DatabaseIdentity.of(tx);
        if (owner.isPresent() && !owner.get().databaseId().equals(here)) {
            throw new Refused("the journal of node " + nodeId + " belongs to database " + owner.get().databaseId()
                    + ", not to this one (" + here + "): ship it with --db-url naming its own database");
        }
        AuditReader reader = new AuditReader(tx);
        try (AuditJournal journal = AuditJournal.openFolder(folder, nodeId, true, Long.MAX_VALUE)) {
            AuditEvent tableHead = reader.chainHead(nodeId).orElse(null);
            long after = tableHead == null ? 0 : tableHead.nodeSequence();
            long count = verify(journal, after, tableHead == null ? null : tableHead.hash(), keys);
            long[] through = {after};
            new AuditShipper(journal, new AuditRows(tx, AuditWriter.ID_BLOCK), reader, s -> through[0] = s).drain();
            journal.head().ifPresent(head -> {
                try {
                    journal.restartAfter(head);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return java.util.Optional.of(new Result(nodeId, count, count == 0 ? 0 : after + 1, through[0]));
        }
    }

    private static long verify(AuditJournal journal, long after, String link, AuditKeys keys) throws IOException, Refused {
        JournalCursor cursor = new JournalCursor(journal, after);
        long count = 0;
        String previous = link;
        long expected = after + 1;
        for (List<AuditEvent> page = cursor.next(PAGE); !page.isEmpty(); page = cursor.next(PAGE)) {
            for (AuditEvent e : page) {
                if (e.nodeSequence() != expected || !Objects.equals(e.previousHash(), previous)) {
                    throw new Refused("node " + journal.nodeId() + " record " + e.nodeSequence() + " does not continue the chain"
                            + " at record " + expected + " (the table or the journal lacks records in between)");
                }
                if (!keys.verifies(e, previous)) {
                    throw new Refused("node " + journal.nodeId() + " record " + e.nodeSequence()
                            + ": content does not match its hash (edited, or written under a chain key this node holds neither as audit-chain-key nor in audit-chain-old-keys)");
                }
                previous = e.hash();
                expected++;
                count++;
            }
        }
        return count;
    }
}
