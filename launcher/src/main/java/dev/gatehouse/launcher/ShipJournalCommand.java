package dev.gatehouse.launcher;

import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.audit.JournalShipment;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.persistence.EntityManagerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gatehouse.jar ship-audit-journal --journal DIR [--data DIR] [--db-url URL --db-user USER]}:
 * ships the audit journal of a node that will not come back (docs/cluster.md) into the database, from any
 * machine that holds a copy of its journal folder and the cluster's audit chain key. Every record the table
 * lacks is verified under the key first; a journal that does not verify is not shipped. Exit status 0 shipped
 * (or nothing to ship), 1 refused (the journal does not verify), 2 could not ship.
 */
final class ShipJournalCommand {
    static final String NAME = "ship-audit-journal";
    static final int SHIPPED = 0;
    static final int REFUSED = 1;
    static final int CANNOT = 2;
    static final String USAGE = """
            Usage: java -jar gatehouse.jar ship-audit-journal --journal DIR [--data DIR] [--db-url URL --db-user USER]
              --journal DIR   the node's journal folder (AUDIT-JOURNAL/NODE-…, holding segment-*.ghj files)
              --data DIR      data folder whose gatehouse-keys.properties holds the audit chain key
                              (or GATEHOUSE_AUDIT_CHAIN_KEY), and whose H2 database is the target unless --db-url
              --db-url URL    the cluster's database (GATEHOUSE_DB_URL), --db-user (GATEHOUSE_DB_USER),
                              password in GATEHOUSE_DB_PASSWORD
            Exit status: 0 shipped, 1 refused (the journal does not verify), 2 could not ship.
            """;

    private ShipJournalCommand() {
    }

    static int run(String[] args, Map<String, String> env, SettingsSource settings, PrintStream out, PrintStream err) {
        Path journal = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--journal") && i + 1 < args.length) {
                journal = Path.of(args[++i]).toAbsolutePath().normalize();
            } else if (args[i].startsWith("--journal=")) {
                journal = Path.of(args[i].substring("--journal=".length())).toAbsolutePath().normalize();
            } else {
                rest.add(args[i]);
            }
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(rest.toArray(String[]::new), env);
            if (journal == null) {
                throw new IllegalArgumentException("--journal DIR is required");
            }
        } catch (LauncherOptions.UsageRequested e) {
            out.print(USAGE);
            return SHIPPED;
        } catch (IllegalArgumentException e) {
            err.println("gatehouse ship-audit-journal: " + e.getMessage());
            err.print(USAGE);
            return CANNOT;
        }
        if (!Files.isDirectory(journal)) {
            err.println("gatehouse ship-audit-journal: no journal folder " + journal);
            return CANNOT;
        }
        try {
            GatehouseSettings keys = KeyStoreFile.load(options.data(), settings);
            EntityManagerFactory emf = GatehousePersistence.open(options.database().url(), options.database().user(),
                    options.database().password());
            try {
                var result = JournalShipment.ship(journal, new ResourceLocalTransactions(emf), AuditKeys.of(keys));
                if (result.isEmpty()) {
                    out.println("Audit journal " + journal + ": no segment, nothing to ship");
                    return SHIPPED;
                }
                JournalShipment.Result shipped = result.get();
                out.println(shipped.records() == 0
                        ? "Audit journal of node " + shipped.nodeId() + ": nothing the table lacks; its segments are removed"
                        : "Audit journal of node " + shipped.nodeId() + ": " + shipped.records() + " record(s) verified and shipped,"
                                + " sequence " + shipped.firstSequence() + " to " + shipped.lastSequence());
                return SHIPPED;
            } finally {
                emf.close();
            }
        } catch (JournalShipment.Refused e) {
            err.println("gatehouse ship-audit-journal: REFUSED, nothing shipped: " + e.getMessage());
            return REFUSED;
        } catch (Exception e) {
            err.println("gatehouse ship-audit-journal: could not ship: " + e.getMessage());
            return CANNOT;
        }
    }
}
