package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.sessions.server.ConnectionPool;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.function.Function;

/** Transactions on a RESOURCE_LOCAL persistence unit, as used by the embedded launcher. */
public final class ResourceLocalTransactions implements Transactions {
    private final EntityManagerFactory emf;

    public ResourceLocalTransactions(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    @Override
    public java.util.Optional<ConnectionPools.Use> pool() {
        return ConnectionPools.of(emf);
    }

    @Override
    public <T> java.util.Optional<T> readJdbc(Jdbc<T> work) {
        org.eclipse.persistence.sessions.server.Server server = JpaHelper.getServerSession(emf);
        ConnectionPool pool = server == null ? null : server.getDefaultConnectionPool();
        if (pool == null || pool.getLogin() == null || pool.getLogin().shouldUseExternalConnectionPooling()) {
            return java.util.Optional.empty();
        }
        // the default pool hands each caller a connection of its own (the read pool may share one), in auto-commit
        Accessor accessor = pool.acquireConnection();
        try {
            return java.util.Optional.of(work.apply((Connection) accessor.getConnection()));
        } catch (SQLException e) {
            accessor.setIsValid(false); // the pool replaces the connection rather than hand out a broken one
            throw new PersistenceException("read failed: " + e.getMessage(), e);
        } finally {
            pool.releaseConnection(accessor);
        }
    }

    @Override
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
