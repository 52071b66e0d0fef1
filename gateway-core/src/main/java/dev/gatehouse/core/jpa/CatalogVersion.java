package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;

/**
 * The catalog's version row ({@code gh_catalog_version}): raised by every catalog write inside its own
 * transaction, read before a cached gateway record is used. Gateways change rarely and are read on every
 * MCP request; this lets a node keep them in memory without ever serving one that another node changed.
 */
final class CatalogVersion {
    private static final String CURRENT = "SELECT version FROM gh_catalog_version WHERE id = 1";

    private CatalogVersion() {
    }

    /** The committed version; reading it first, then the gateway, never tags older data with a newer number. */
    static long current(EntityManager em) {
        return ((Number) em.createNativeQuery(CURRENT).getSingleResult())
                .longValue();
    }

    /** The committed version, read on a JDBC connection of the unit's own pool where there is one. */
    static long current(Transactions tx) {
        return tx.readJdbc(CatalogVersion::current).orElseGet(() -> tx.read(CatalogVersion::current));
    }

    private static long current(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement(CURRENT); java.sql.ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("the catalog version row is missing");
            }
            return rs.getLong(1);
        }
    }

    /** Raises the version in the caller's transaction (rows of concurrent writers serialise on it). */
    static void raise(EntityManager em) {
        if (em.createNativeQuery("UPDATE gh_catalog_version SET version = version + 1 WHERE id = 1").executeUpdate() != 1) {
            throw new IllegalStateException("the catalog version row is missing");
        }
    }
}
