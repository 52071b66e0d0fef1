package dev.gatehouse.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Security catalogue row 179: the data folder (database, keys, password hashes) is readable by its owner only. */
class DataFolderTest {
    @Test
    void prepareWhenNewThenOwnerOnly(@TempDir Path parent) throws Exception {
        Path data = DataFolder.prepare(parent.resolve("a/gatehouse-data"));
        assertEquals("rwx------", mode(data));
    }

    @Test
    void prepareAndTightenWhenExistingWorldReadableThenNarrowed(@TempDir Path data) throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.createDirectories(data.resolve("db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(db.resolve("gatehouse.mv.db"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DataFolder.prepare(data);
        DataFolder.tighten(data);

        assertEquals("rwx------", mode(data));
        assertEquals("rwx------", mode(db));
        assertEquals("rw-------", mode(file));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
