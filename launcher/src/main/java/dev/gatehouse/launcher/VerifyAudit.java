package dev.gatehouse.launcher;

import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.persistence.EntityManagerFactory;

import dev.gatehouse.core.audit.journal.AuditJournal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -cp gatehouse.jar dev.gatehouse.launcher.VerifyAudit [--data DIR]}: walks every node's
 * audit hash chain in the embedded database and prints the first break of each kind it finds (an
 * edited or forged record, a broken link, missing records), naming node and sequence. Records still in a
 * node's audit journal ({@code DATA/audit-journal}, not shipped to the table yet) are walked with the table. Exit status 0
 * when intact, 1 when a chain is broken, 2 when it could not check. Run it while Gatehouse is stopped
 * (H2 locks its file); on a running node use {@code GET /gatehouse-admin/api/audit/verify}.
 */
public final class VerifyAudit {
    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int CANNOT_CHECK = 2;
    static final String USAGE = """
            Usage: java -cp gatehouse.jar dev.gatehouse.launcher.VerifyAudit [--data DIR]
              --data DIR  data folder of the Gatehouse to check (GATEHOUSE_DATA, default ./gatehouse-data)
            The audit chain key comes from DIR/gatehouse-keys.properties or GATEHOUSE_AUDIT_CHAIN_KEY.
            Exit status: 0 intact, 1 broken, 2 could not check.
            """;

    private VerifyAudit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), SettingsSource.system(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, SettingsSource settings, PrintStream out, PrintStream err) {
        Path data;
        try {
            data = dataFolder(args, env);
        } catch (IllegalArgumentException e) {
            err.println("verify-audit: " + e.getMessage());
            err.print(USAGE);
            return CANNOT_CHECK;
        }
        if (data == null) {
            out.print(USAGE);
            return INTACT;
        }
        Path database = data.resolve("db").resolve("gatehouse.mv.db");
        if (!Files.exists(database)) {
            err.println("verify-audit: no Gatehouse database in " + data);
            return CANNOT_CHECK;
        }
        if (!Files.exists(data.resolve("gatehouse-keys.properties")) && settings.get("audit-chain-key").isEmpty()) {
            err.println("verify-audit: no audit chain key: neither " + data.resolve("gatehouse-keys.properties")
                    + " nor GATEHOUSE_AUDIT_CHAIN_KEY");
            return CANNOT_CHECK;
        }
        AuditVerification result;
        try {
            GatehouseSettings keys = KeyStoreFile.load(data, settings);
            EntityManagerFactory emf = GatehousePersistence.open(Main.h2Url(data) + ";IFEXISTS=TRUE", "sa", "");
            List<AuditJournal> journals = journals(keys.auditStorage().folder());
            try {
                AuditKeys auditKeys = AuditKeys.of(keys);
                result = new AuditVerifier(new ResourceLocalTransactions(emf), auditKeys, journals)
                        .withArchives(auditKeys).verify();
            } finally {
                journals.forEach(AuditJournal::close);
                emf.close();
            }
        } catch (RuntimeException | IOException e) {
            err.println("verify-audit: could not read the audit log (is Gatehouse still running on this folder?): "
                    + e.getClass().getSimpleName());
            return CANNOT_CHECK;
        }
        print(result, data, out);
        return result.intact() ? INTACT : BROKEN;
    }

    /** Every node's journal under the journal folder: records not shipped yet are verified with the table. */
    static List<AuditJournal> journals(Path root) throws IOException {
        List<AuditJournal> journals = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return journals;
        }
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Optional<String> node = AuditJournal.nodeOf(folder);
                if (node.isPresent()) {
                    journals.add(AuditJournal.openFolder(folder, node.get(), false, Long.MAX_VALUE));
                }
            }
        }
        return journals;
    }

    static void print(AuditVerification result, Path data, PrintStream out) {
        out.println("Audit log of " + data + ": " + result.chains().size() + " chain(s), " + result.records() + " record(s)");
        for (AuditVerification.Chain c : result.chains()) {
            out.println("  node " + c.nodeId() + ": " + c.records() + " record(s), sequence " + c.firstSequence()
                    + " to " + c.lastSequence() + ", head " + c.lastHash());
        }
        if (result.intact()) {
            out.println("INTACT: every record matches its hash and links to the one before it");
            return;
        }
        out.println("BROKEN: " + result.breaks().size() + " break(s)"
                + (result.breaks().size() >= AuditVerifier.MAX_BREAKS ? " (first " + AuditVerifier.MAX_BREAKS + " shown)" : ""));
        result.breaks().forEach(b -> out.println("  " + b.describe()));
    }

    /** The data folder, or null when help was asked for. */
    static Path dataFolder(String[] args, Map<String, String> env) {
        String data = env.getOrDefault("GATEHOUSE_DATA", LauncherOptions.DEFAULT_DATA);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            } else if (arg.startsWith("--data=")) {
                data = arg.substring("--data=".length());
            } else if (arg.equals("--data") && i + 1 < args.length) {
                data = args[++i];
            } else {
                throw new IllegalArgumentException(arg.equals("--data") ? "option '--data' needs a value"
                        : "unknown option '" + arg + "'");
            }
        }
        return Path.of(data).toAbsolutePath().normalize();
    }
}
