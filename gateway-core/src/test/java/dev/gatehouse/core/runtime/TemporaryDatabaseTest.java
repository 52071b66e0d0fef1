package dev.gatehouse.core.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database that forgets at shutdown (issue 16 item 7: Payara Micro's default datasource in its temporary
 * runtime folder, WildFly's in-memory ExampleDS) is refused at start with a message naming the setting
 * that allows it, unless that setting says {@code allow}.
 */
class TemporaryDatabaseTest {
    private static final Path TMP = Path.of("/tmp");
    private static final SettingsSource NOTHING = new SettingsSource(name -> null, Map.of());
    private static final SettingsSource ALLOWED = new SettingsSource(name -> null, Map.of("GATEHOUSE_TEMPORARY_DATABASE", "allow"));

    @Test
    void payaraMicroDefaultDatabaseWhenNotAllowedThenRefusedNamingTheSetting() {
        String micro = "jdbc:h2:/tmp/payaramicro-rt4527815763206880935tmp/lib/databases/embedded_default;AUTO_SERVER=TRUE";

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TemporaryDatabase.check(micro, NOTHING, TMP));

        assertTrue(refused.getMessage().contains("lies in the temporary folder /tmp"), refused.getMessage());
        assertTrue(refused.getMessage().contains("gatehouse.temporary-database=allow"), refused.getMessage());
        assertTrue(refused.getMessage().contains("GATEHOUSE_TEMPORARY_DATABASE=allow"), refused.getMessage());
    }

    @Test
    void inMemoryDatabaseWhenNotAllowedThenRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TemporaryDatabase.check("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", NOTHING, TMP));

        assertTrue(refused.getMessage().startsWith("Gatehouse's database jdbc:h2:mem:test is held in memory"), refused.getMessage());
    }

    @Test
    void temporaryDatabaseWhenAllowedThenStarts() {
        assertDoesNotThrow(() -> TemporaryDatabase.check("jdbc:h2:mem:test", ALLOWED, TMP));
        assertDoesNotThrow(() -> TemporaryDatabase.check("jdbc:h2:file:/tmp/x/db", ALLOWED, TMP));
    }

    @Test
    void durableDatabasesWhenCheckedThenPass() {
        for (String url : new String[] {"jdbc:postgresql://db:5432/gatehouse", "jdbc:h2:/var/lib/payara/domains/d/lib/databases/embedded_default",
                "jdbc:h2:tcp://localhost/tmp/db", "jdbc:h2:/tmpfs-not-tmp/db"}) {
            assertDoesNotThrow(() -> TemporaryDatabase.check(url, NOTHING, TMP), url);
        }
        assertEquals(java.util.Optional.empty(), TemporaryDatabase.forgets("jdbc:h2:./gatehouse-data/db/gatehouse", Path.of("/nonexistent-tmp")));
    }
}
