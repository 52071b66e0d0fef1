package dev.gatehouse.core.jpa;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node connecting as the application role to a database whose schema its owner never migrated (issue 16
 * item 8: an admin who skipped the deploy docs' migration step): the role may not create tables, so the
 * migration fails, and the message says what to run instead of leaving the admin with PostgreSQL's
 * "permission denied" alone.
 */
class UnmigratedSchemaTest {
    @Test
    void migrateWhenTheApplicationRoleMeetsAnUnmigratedSchemaThenTheMessageNamesMigrateOnlyAsTheOwner() throws Exception {
        String url = PostgresServer.newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1);
        try {
            PostgresServer.superuser(database, Files.readString(Path.of("../docs/sql/postgresql-roles.sql")));
        } catch (IllegalStateException rolesExist) {
            // roles are cluster-wide: another test's database created them; the schema is per database
            PostgresServer.superuser(database, "CREATE SCHEMA gatehouse AUTHORIZATION gatehouse_owner",
                    "GRANT USAGE ON SCHEMA gatehouse TO gatehouse_app, gatehouse_retention");
        }

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SchemaMigrations.migrate(url, "gatehouse_app", ""));

        String message = refused.getMessage();
        assertTrue(message.contains("java -jar gatehouse.jar --migrate-only") && message.contains("--db-user gatehouse_owner")
                && message.contains("docs/cluster.md"), message);
    }
}
