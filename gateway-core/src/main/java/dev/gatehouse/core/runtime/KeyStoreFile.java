package dev.gatehouse.core.runtime;

import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.session.SessionLimit;

import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * The node's secrets that must live outside the database: the key sealing upstream credentials, the
 * audit chain key and the node id. Created on first start in the data folder (owner-only permissions)
 * and reused afterwards; values given in the environment take precedence, so a cluster can share keys.
 */
public final class KeyStoreFile {
    static final String FILE_NAME = "gatehouse-keys.properties";
    private static final String SEALING_KEY = "sealing-key";
    private static final String AUDIT_KEY = "audit-chain-key";
    private static final String NODE_ID = "node-id";

    private KeyStoreFile() {
    }

    /** The journal folder inside a data folder, unless the {@code audit-journal} setting names another. */
    public static final String JOURNAL_FOLDER = "audit-journal";

    /**
     * Settings for a node whose keys are kept in {@code folder}, overridden by {@code GATEHOUSE_*} variables;
     * its audit journal in {@code folder/audit-journal} unless {@code audit-journal} says otherwise.
     */
    public static GatehouseSettings load(Path folder, SettingsSource source) {
        return load(folder, source, folder.resolve(JOURNAL_FOLDER));
    }

    /** As {@link #load(Path, SettingsSource)}, with the journal by default in {@code journalFolder}. */
    public static GatehouseSettings load(Path folder, SettingsSource source, Path journalFolder) {
        Properties keys = readOrCreate(folder);
        String sealing = source.get("sealing-key").orElse(keys.getProperty(SEALING_KEY));
        String audit = source.get("audit-chain-key").orElse(keys.getProperty(AUDIT_KEY));
        String node = source.get("node-id").orElse(keys.getProperty(NODE_ID));
        byte[] auditKey;
        try {
            auditKey = Base64.getDecoder().decode(audit.trim());
            Base64.getDecoder().decode(sealing.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Gatehouse keys must be base64 (sealing-key, audit-chain-key)");
        }
        long maxBytes = source.get("max-request-bytes").map(v -> parseLong("max-request-bytes", v))
                .orElse(GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES);
        var origins = source.get("allowed-origins").map(v -> java.util.Arrays.stream(v.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(java.util.List.of());
        URI publicBaseUrl;
        try {
            publicBaseUrl = source.get("public-base-url").map(GatehouseSettings::parseBaseUrl).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
        long maxSessions = source.get("max-sessions-per-connection")
                .map(v -> parseLong("max-sessions-per-connection", v)).orElse((long) SessionLimit.DEFAULT_MAX_PER_CONNECTION);
        if (maxSessions < 1 || maxSessions > SessionLimit.MAX_PER_CONNECTION) {
            throw new IllegalStateException("Gatehouse setting 'max-sessions-per-connection' must be from 1 to "
                    + SessionLimit.MAX_PER_CONNECTION + ": " + maxSessions);
        }
        return new GatehouseSettings(node, auditKey, sealing, GatehouseSettings.DEFAULT_DURABLE_AUDIT_WAIT,
                maxBytes, origins, publicBaseUrl, (int) maxSessions, AuditStorage.from(source, journalFolder),
                RetiredKeys.from(source));
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Gatehouse setting '" + name + "' must be a whole number: " + value);
        }
    }

    private static Properties readOrCreate(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        Properties p = new Properties();
        try {
            Files.createDirectories(folder);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                return p;
            }
            SecureRandom random = new SecureRandom();
            p.setProperty(SEALING_KEY, randomKey(random));
            p.setProperty(AUDIT_KEY, randomKey(random));
            p.setProperty(NODE_ID, "node-" + UUID.randomUUID().toString().substring(0, 8));
            Path tmp = Files.createTempFile(folder, FILE_NAME, ".tmp");
            restrict(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Gatehouse node keys: keep outside the database, back up with care");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create Gatehouse keys in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String randomKey(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }
}
