package dev.gatehouse.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database Gatehouse runs on during a benchmark: the embedded default (H2 in the data folder, opened by
 * the launcher's own code, so {@code jdbcUrl} is null) or a PostgreSQL started for the run, the way a
 * cluster deployment runs (fsync and synchronous commit on, its defaults).
 */
final class Database implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private Database(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static Database start(String kind) throws Exception {
        return kind.equals("postgresql") ? new Database(EmbeddedPostgres.builder().start()) : new Database(null);
    }

    /** Null for the embedded default. */
    String jdbcUrl() {
        return postgres == null ? null : "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    String user() {
        return postgres == null ? null : "postgres";
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
