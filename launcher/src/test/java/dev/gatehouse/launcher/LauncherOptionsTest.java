package dev.gatehouse.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherOptionsTest {
    @Test
    void defaultsAreTheReadmeOnes() {
        LauncherOptions o = LauncherOptions.parse(new String[0], Map.of());
        assertEquals(8080, o.port());
        assertEquals(Path.of("gatehouse-data").toAbsolutePath(), o.data());
        assertNull(o.host());
        assertTrue(o.demo());
    }

    @Test
    void environmentIsUsedWhenNoOptionIsGiven() {
        LauncherOptions o = LauncherOptions.parse(new String[0], Map.of("GATEHOUSE_PORT", "9090", "GATEHOUSE_DATA", "/tmp/gh"));
        assertEquals(9090, o.port());
        assertEquals(Path.of("/tmp/gh"), o.data());
    }

    @Test
    void optionsWinOverTheEnvironmentInBothSpellings() {
        LauncherOptions o = LauncherOptions.parse(new String[] {"--port", "0", "--data=/tmp/x", "--no-demo", "--host=127.0.0.1"},
                Map.of("GATEHOUSE_PORT", "9090"));
        assertEquals(0, o.port());
        assertEquals(Path.of("/tmp/x"), o.data());
        assertEquals("127.0.0.1", o.host());
        assertFalse(o.demo());
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        assertEquals("port must be a number from 0 to 65535, not 'http'",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--port", "http"}, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--port", "70000"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--port"}, Map.of()));
        assertEquals("unknown option '--prot'",
                assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(new String[] {"--prot", "1"}, Map.of())).getMessage());
    }

    @Test
    void databaseIsH2InTheDataFolderUnlessAUrlIsGiven() {
        LauncherOptions h2 = LauncherOptions.parse(new String[] {"--data", "/tmp/gh"}, Map.of());
        assertEquals(new LauncherOptions.Database(LauncherOptions.h2Url(Path.of("/tmp/gh")), "sa", ""), h2.database());
        assertFalse(h2.migrateOnly());

        LauncherOptions pg = LauncherOptions.parse(new String[] {"--db-url", "jdbc:postgresql://db/gatehouse", "--migrate-only"},
                Map.of("GATEHOUSE_DB_USER", "gatehouse_owner", "GATEHOUSE_DB_PASSWORD", "s3cret"));
        assertEquals(new LauncherOptions.Database("jdbc:postgresql://db/gatehouse", "gatehouse_owner", "s3cret"), pg.database());
        assertTrue(pg.migrateOnly());
        assertEquals("jdbc:postgresql://db/gatehouse as gatehouse_owner", pg.database().toString(), "no password in logs");
    }

    @Test
    void databaseOptionsThatCannotWorkAreRefused() {
        assertEquals("--db-user and --db-password need --db-url (GATEHOUSE_DB_URL)",
                assertThrows(IllegalArgumentException.class,
                        () -> LauncherOptions.parse(new String[] {"--db-user", "app"}, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LauncherOptions.parse(new String[] {"--db-url", "jdbc:mysql://db/gatehouse"}, Map.of()));
    }
}
