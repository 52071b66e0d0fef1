package dev.gatehouse.launcher;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder holds the database, the keys and the admin password hashes: only the account that
 * runs Gatehouse may read it. The folder is created (or narrowed, when it exists) to {@code rwx------},
 * so files that H2 or Jetty create inside it later are out of others' reach whatever their own mode;
 * {@link #tighten} then narrows the files already there to {@code rw-------}. On file systems without
 * POSIX permissions nothing is changed.
 */
final class DataFolder {
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final System.Logger LOG = System.getLogger(DataFolder.class.getName());

    private DataFolder() {
    }

    /** Creates the folder owner-only, or narrows an existing one; returns it. */
    static Path prepare(Path folder) throws IOException {
        if (!posix()) {
            return Files.createDirectories(folder);
        }
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        }
        try {
            Files.setPosixFilePermissions(folder, FOLDER);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not make the data folder " + folder + " private to its owner", e);
        }
        return folder;
    }

    /** Narrows everything below the folder: folders {@code rwx------}, files {@code rw-------}. */
    static void tighten(Path folder) {
        if (!posix()) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            all.forEach(p -> {
                try {
                    if (Files.isSymbolicLink(p)) {
                        return;
                    }
                    Files.setPosixFilePermissions(p, Files.isDirectory(p) ? FOLDER : FILE);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not make " + p + " private to its owner", e);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not make the data folder " + folder + " private to its owner", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
