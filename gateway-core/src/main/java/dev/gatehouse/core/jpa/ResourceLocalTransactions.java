package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

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
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
