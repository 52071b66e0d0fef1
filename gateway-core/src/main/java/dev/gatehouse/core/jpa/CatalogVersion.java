package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;

/**
 * The catalog's version row ({@code gh_catalog_version}): raised by every catalog write inside its own
 * transaction, read before a cached gateway record is used. Gateways change rarely and are read on every
 * MCP request; this lets a node keep them in memory without ever serving one that another node changed.
 */
final class CatalogVersion {
    private CatalogVersion() {
    }

    /** The committed version; reading it first, then the gateway, never tags older data with a newer number. */
    static long current(EntityManager em) {
        return ((Number) em.createNativeQuery("SELECT version FROM gh_catalog_version WHERE id = 1").getSingleResult())
                .longValue();
    }

    /** Raises the version in the caller's transaction (rows of concurrent writers serialise on it). */
    static void raise(EntityManager em) {
        if (em.createNativeQuery("UPDATE gh_catalog_version SET version = version + 1 WHERE id = 1").executeUpdate() != 1) {
            throw new IllegalStateException("the catalog version row is missing");
        }
    }
}
