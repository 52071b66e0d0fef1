package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Transactions on a JTA persistence unit inside an application server. The container's
 * {@code UserTransaction} is looked up by its standard JNDI name and driven reflectively, so the core
 * needs no JTA API at compile time.
 * <p>
 * The lookup happens once, when the deployment starts: {@code java:comp} names resolve only on threads
 * the container runs for a component, and the audit writer and the background flush are Gatehouse's own
 * threads (WildFly answers them {@code NameNotFoundException}). The object found is the server's one
 * {@code UserTransaction}, which drives the transaction of whichever thread calls it.
 */
public final class JtaTransactions implements Transactions {
    private static final String USER_TRANSACTION = "java:comp/UserTransaction";
    private final EntityManagerFactory emf;
    private final Object userTransaction;

    /** Must be called on a container thread, e.g. in a {@code ServletContextListener}. */
    public JtaTransactions(EntityManagerFactory emf) {
        this.emf = emf;
        this.userTransaction = lookupUserTransaction();
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        Object ut = userTransaction;
        boolean committed = false;
        invoke(ut, "begin");
        EntityManager em = emf.createEntityManager();
        try {
            em.joinTransaction();
            T result = work.apply(em);
            em.flush();
            invoke(ut, "commit");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                try {
                    invoke(ut, "rollback");
                } catch (RuntimeException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            em.close();
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

    private static Object lookupUserTransaction() {
        try {
            return new InitialContext().lookup(USER_TRANSACTION);
        } catch (NamingException e) {
            throw new IllegalStateException("No JTA UserTransaction at " + USER_TRANSACTION, e);
        }
    }

    private static void invoke(Object target, String name) {
        try {
            Method m = target.getClass().getMethod(name);
            m.invoke(target);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException("JTA " + name + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JTA " + name + " failed", e);
        }
    }
}
