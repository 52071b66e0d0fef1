package dev.gatehouse.core.jpa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stored times mean the same instant to every node, whatever its JVM's time zone: a node in Berlin writes,
 * a node in New York (another JVM, {@link ZoneProbe}) verifies the audit chain, reads the same instants and
 * refuses the token at the same instant. And a database written before V5 by a node in Berlin, migrated by
 * a JVM in Berlin, verifies in New York.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StoredTimesTest {
    private static final String WRITER_ZONE = "Europe/Berlin";
    private static final String CHECKER_ZONE = "America/New_York";
    private static final String TIMES = "times=" + ZoneProbe.T0 + "," + ZoneProbe.T0.plusSeconds(1) + ","
            + ZoneProbe.T0.plusSeconds(2);

    @TempDir
    Path folder;

    private String url(String vendor) {
        return vendor.equals("h2") ? "jdbc:h2:file:" + folder.resolve("gatehouse-" + UUID.randomUUID()) : PostgresServer.newDatabase();
    }

    private static String user(String vendor) {
        return vendor.equals("h2") ? "sa" : "postgres";
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void timesWrittenInBerlinVerifyAndExpireAtTheSameInstantInNewYork(String vendor) throws Exception {
        String url = url(vendor);
        Map<String, String> written = probe(WRITER_ZONE, "write", url, user(vendor));
        Map<String, String> checked = probe(CHECKER_ZONE, "check", url, user(vendor), written.get("token"));

        assertEquals(CHECKER_ZONE, checked.get("zone"));
        assertEquals("true", checked.get("intact").strip(), "the chain verifies in another zone: " + checked);
        assertEquals(TIMES, "times=" + checked.get("times"));
        assertEquals("Granted", checked.get("before-expiry"), "valid until its expiry instant");
        assertEquals("EXPIRED", checked.get("after-expiry"), "expired from its expiry instant on, in every zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void recordsWrittenBeforeTheMigrationInBerlinVerifyInNewYorkAfterIt(String vendor) throws Exception {
        String url = url(vendor);
        assertEquals("true", probe(WRITER_ZONE, "legacy", url, user(vendor)).get("migrated"));

        Map<String, String> checked = probe(CHECKER_ZONE, "check", url, user(vendor));

        assertEquals("true", checked.get("intact").strip(), "converted to the instants they were: " + checked);
        assertEquals(TIMES, "times=" + checked.get("times"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyStoredTimeCarriesItsZone(String vendor) throws SQLException {
        String url = vendor.equals("h2") ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" : PostgresServer.newDatabase();
        GatehousePersistence.open(url, user(vendor), "").close();
        List<String> withoutZone = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user(vendor), "");
             ResultSet r = c.getMetaData().getColumns(null, null, "%", "%")) {
            while (r.next()) {
                String table = r.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                String type = r.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                if (table.startsWith("gh_") && !table.equals(SchemaMigrations.HISTORY_TABLE) && type.contains("timestamp") && !type.contains("time zone")
                        && !type.equals("timestamptz")) {
                    withoutZone.add(table + "." + r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT) + " " + type);
                }
            }
        }
        assertEquals(List.of(), withoutZone, "times stored without zone depend on each JVM's default time zone");
    }

    @Test
    void legacyTimeZoneIsNamedAsEachDatabaseReadsIt() {
        assertEquals("Europe/Berlin", SchemaMigrations.legacyTimeZone("postgresql", ZoneId.of("Europe/Berlin")));
        assertEquals("+05:30", SchemaMigrations.legacyTimeZone("h2", ZoneId.of("+05:30")));
        assertEquals("UTC-05:30", SchemaMigrations.legacyTimeZone("postgresql", ZoneId.of("+05:30"))); // POSIX sign
        assertEquals("UTC", SchemaMigrations.legacyTimeZone("postgresql", ZoneId.of("Z")));
    }

    /** Runs {@link ZoneProbe} in a JVM of its own with the given default time zone; its {@code key=value} lines. */
    private static Map<String, String> probe(String zone, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.timezone=" + zone, "-cp", System.getProperty("java.class.path"), ZoneProbe.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "probe did not end");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), output);
        Map<String, String> values = new TreeMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z-]+")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
