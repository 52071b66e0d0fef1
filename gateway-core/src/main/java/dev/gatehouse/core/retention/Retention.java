package dev.gatehouse.core.retention;

import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.runtime.ServerDataFolder;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.RequestRejected;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Audit retention on this node: the policies, the archiver and the archive check. Archives go to the folder
 * of the setting {@code audit-archive-dir} (read at each run), by default the application server's data folder's
 * {@code gatehouse-audit-archive} (the launcher sets its data folder's {@code audit-archive}); deletes go through
 * the retention database role when {@code retention-db-url} is set, else through the node's own connection.
 */
public final class Retention {
    public static final String ARCHIVE_DIR_SETTING = "audit-archive-dir";
    private final RetentionStore store;
    private final AuditArchiver archiver;
    private final ArchiveVerifier verifier;
    private final SettingsSource settings;

    public Retention(Transactions tx, byte[] auditChainKey, Clock clock, SettingsSource settings) {
        this(tx, new AuditKeys(auditChainKey, List.of()), clock, settings);
    }

    /**
     * Retention under the node's audit chain keys: archives are signed under the current key and archives made
     * before a re-key still verify under the retired key that made them.
     */
    public Retention(Transactions tx, AuditKeys keys, Clock clock, SettingsSource settings) {
        this.store = new RetentionStore(tx);
        this.settings = settings;
        AuditArchiver.Purge purge = settings.get("retention-db-url")
                .<AuditArchiver.Purge>map(url -> new JdbcPurge(url.strip(), settings.get("retention-db-user").orElse(null),
                        settings.get("retention-db-password").orElse(null)))
                .orElseGet(() -> AuditArchiver.ownConnection(tx));
        this.archiver = new AuditArchiver(tx, store, keys.manifestSigner(), clock, purge);
        this.verifier = new ArchiveVerifier(keys);
    }

    public RetentionStore store() {
        return store;
    }

    /** Runs the policies: archive, record, delete. */
    public Optional<AuditArchiver.Outcome> run(String actor) {
        return archiver.run(directory(), actor);
    }

    /** Checks a recorded archive's file against its manifest, both in the archive folder. */
    public Optional<ArchiveVerification> verify(String archiveId) throws java.io.IOException {
        var archive = store.archive(archiveId).orElse(null);
        if (archive == null) {
            return Optional.empty();
        }
        Path dir = directory();
        return Optional.of(verifier.verify(dir.resolve(archive.fileName()), dir.resolve(archive.fileName() + ".manifest.json")));
    }

    /** The archive folder; refused (as a request problem) where it is neither set nor has a default. */
    public Path directory() {
        return settings.get(ARCHIVE_DIR_SETTING).map(v -> Path.of(v.strip()))
                .or(() -> ServerDataFolder.of().map(p -> p.resolve("gatehouse-audit-archive")))
                .orElseThrow(() -> RequestRejected.invalid("set audit-archive-dir (the folder archives are written to) first"));
    }
}
