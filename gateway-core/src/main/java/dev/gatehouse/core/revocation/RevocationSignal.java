package dev.gatehouse.core.revocation;

import dev.gatehouse.core.jpa.Transactions;
import jakarta.persistence.EntityManager;

import java.util.function.Function;

/**
 * How a path that ends credentials raises the revocation signal ({@link Revocations} on a running node).
 * Call {@link #raise} inside the transaction that ends them and {@link #wake} once it committed.
 */
public interface RevocationSignal {
    /** For stores used without a running node (tests, tools): nothing is held open to cut. */
    RevocationSignal NONE = new RevocationSignal() {
        @Override
        public void raise(EntityManager em, Revocation revocation) {
        }

        @Override
        public void wake() {
        }
    };

    /** Raises the signal in the caller's transaction: every node re-checks what it holds open once it commits. */
    void raise(EntityManager em, Revocation revocation);

    /** The change committed: this node looks at once instead of at its next poll. */
    void wake();

    /** Runs {@code work} in a transaction of {@code tx} that also raises the signal, then wakes this node. */
    default <T> T revoking(Transactions tx, Revocation revocation, Function<EntityManager, T> work) {
        T result = tx.inTransaction(em -> {
            T r = work.apply(em);
            raise(em, revocation);
            return r;
        });
        wake();
        return result;
    }
}
