package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;

import java.util.function.Function;

/**
 * Runs a unit of work in one transaction, whichever kind the deployment provides: resource-local on
 * the embedded default, JTA inside an application server.
 */
public interface Transactions {
    /** Runs {@code work} in a transaction that commits when it returns and rolls back when it throws. */
    <T> T inTransaction(Function<EntityManager, T> work);

    /** Work on one JDBC connection. */
    @FunctionalInterface
    interface Jdbc<T> {
        T apply(java.sql.Connection connection) throws java.sql.SQLException;
    }

    /**
     * Runs a read straight on a JDBC connection of the unit's own pool, without an entity manager or a query
     * object: the reads made on every request (the token check, the catalog version) cost less so. Empty where
     * Gatehouse does not pool the connections itself (an application server's datasource): read through
     * {@link #read} then. {@code work} must not return null. A database failure is a runtime exception.
     */
    default <T> java.util.Optional<T> readJdbc(Jdbc<T> work) {
        return java.util.Optional.empty();
    }

    /** Runs a read without a transaction of its own. */
    <T> T read(Function<EntityManager, T> work);

    /** The JDBC connection pool's use, when Gatehouse's own unit pools the connections (else the container does). */
    default java.util.Optional<ConnectionPools.Use> pool() {
        return java.util.Optional.empty();
    }
}
