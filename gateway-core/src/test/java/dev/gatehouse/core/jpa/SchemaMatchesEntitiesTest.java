package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.jpa.JpaEntityManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The migrated schema is exactly what the entities map, on both databases: every mapped table and
 * column exists with the mapped length and NOT NULL, and no {@code gh_} table or column exists that no
 * entity maps. A change to an entity without a migration (or the reverse) fails here, not in production.
 */
class SchemaMatchesEntitiesTest {
    /** Tables the migrations own that no entity maps: Flyway's history and the audit id generator. */
    private static final Set<String> UNMAPPED_TABLES = Set.of(SchemaMigrations.HISTORY_TABLE, "gh_sequence", "gh_catalog_version",
            "gh_revocation_version", "gh_key_check", "gh_database_identity");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migratedSchemaMatchesTheEntities(String vendor) throws SQLException {
        String url = vendor.equals("h2") ? "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" : PostgresServer.newDatabase();
        String user = vendor.equals("h2") ? "sa" : "postgres";
        EntityManagerFactory emf = GatehousePersistence.open(url, user, "");
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            Map<String, Map<String, Column>> expected = mapped(emf);
            Map<String, Map<String, Column>> actual = actual(c.getMetaData());
            assertEquals(expected.keySet(), actual.keySet(), "tables");
            List<String> differences = new ArrayList<>();
            expected.forEach((table, columns) -> {
                Map<String, Column> found = actual.get(table);
                if (!columns.keySet().equals(found.keySet())) {
                    differences.add(table + ": mapped " + columns.keySet() + ", found " + found.keySet());
                    return;
                }
                columns.forEach((name, column) -> {
                    Column f = found.get(name);
                    if (column.length() > 0 && column.length() != f.length()) {
                        differences.add(table + "." + name + ": length " + column.length() + " mapped, " + f.length() + " found");
                    }
                    if (!column.nullable() && f.nullable()) {
                        differences.add(table + "." + name + ": NOT NULL mapped, nullable found");
                    }
                });
            });
            assertEquals(List.of(), differences);
        } finally {
            emf.close();
        }
    }

    record Column(int length, boolean nullable) {
    }

    private static Map<String, Map<String, Column>> mapped(EntityManagerFactory emf) {
        Map<String, Map<String, Column>> tables = new TreeMap<>();
        for (ClassDescriptor d : emf.unwrap(JpaEntityManagerFactory.class).getServerSession().getDescriptors().values()) {
            if (d.isAggregateDescriptor() || d.getTables().isEmpty()) {
                continue;
            }
            String table = d.getTableName().toLowerCase(Locale.ROOT);
            Map<String, Column> columns = tables.computeIfAbsent(table, t -> new TreeMap<>());
            for (DatabaseField field : d.getFields()) {
                boolean string = field.getType() == String.class;
                columns.put(field.getName().toLowerCase(Locale.ROOT),
                        new Column(string ? field.getLength() : 0, field.isNullable() && !d.getPrimaryKeyFields().contains(field)));
            }
        }
        return tables;
    }

    private static Map<String, Map<String, Column>> actual(DatabaseMetaData meta) throws SQLException {
        Map<String, Map<String, Column>> tables = new TreeMap<>();
        Set<String> schemas = new TreeSet<>(List.of("PUBLIC", "public"));
        try (ResultSet r = meta.getColumns(null, null, "%", "%")) {
            while (r.next()) {
                String table = r.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!schemas.contains(r.getString("TABLE_SCHEM")) || !table.startsWith("gh_") || UNMAPPED_TABLES.contains(table)) {
                    continue;
                }
                boolean text = r.getString("TYPE_NAME").toLowerCase(Locale.ROOT).contains("char");
                tables.computeIfAbsent(table, t -> new TreeMap<>()).put(r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        new Column(text ? r.getInt("COLUMN_SIZE") : 0, r.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        return tables;
    }
}
