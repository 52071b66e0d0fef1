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

    /** Runs a read without a transaction of its own. */
    <T> T read(Function<EntityManager, T> work);

    /** The JDBC connection pool's use, when Gatehouse's own unit pools the connections (else the container does). */
    default java.util.Optional<ConnectionPools.Use> pool() {
        return java.util.Optional.empty();
    }
}
