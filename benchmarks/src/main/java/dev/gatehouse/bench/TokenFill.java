package dev.gatehouse.bench;

import dev.gatehouse.core.runtime.Gatehouse;

/**
 * Fills the token table in bulk (one SQL statement per 100,000 rows) for the flatness check: a request
 * must cost the same with a thousand tokens in the database as with a million (an indexed lookup by
 * public id). The rows hang off the benchmark's own connection and can never authenticate (their hashes
 * match no secret).
 */
final class TokenFill {
    private static final long CHUNK = 100_000;

    private TokenFill() {
    }

    private static final String H2_ROWS = "SELECT RANDOM_UUID(), ?1, CONCAT('f', LPAD(CAST(X AS VARCHAR), 7, '0')), "
            + "REPEAT('0', 64), 'bench', CURRENT_TIMESTAMP FROM SYSTEM_RANGE(?2, ?3)";
    private static final String POSTGRESQL_ROWS = "SELECT CAST(gen_random_uuid() AS VARCHAR), ?1, 'f' || LPAD(CAST(x AS VARCHAR), 7, '0'), "
            + "REPEAT('0', 64), 'bench', CURRENT_TIMESTAMP FROM generate_series(CAST(?2 AS BIGINT), CAST(?3 AS BIGINT)) AS x";

    /** @param database {@code h2} or {@code postgresql}: the bulk row generator differs */
    static void insert(Gatehouse gatehouse, String database, long count) {
        String rows = database.equals("postgresql") ? POSTGRESQL_ROWS : H2_ROWS;
        long started = System.nanoTime();
        String connection = gatehouse.inTransaction(em -> (String) em.createNativeQuery(
                "SELECT connection_id FROM gh_api_token FETCH FIRST 1 ROWS ONLY").getSingleResult());
        for (long from = 1; from <= count; from += CHUNK) {
            long to = Math.min(count, from + CHUNK - 1);
            long first = from;
            // public ids 'f' + 7 digits never collide with issued ones (random base62)
            gatehouse.inTransaction(em -> em.createNativeQuery(
                    "INSERT INTO gh_api_token (id, connection_id, public_id, secret_hash, created_by, created_at) " + rows)
                    .setParameter(1, connection).setParameter(2, first).setParameter(3, to).executeUpdate());
        }
        System.err.printf("bench: %,d tokens inserted in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
    }
}
