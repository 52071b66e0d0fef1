package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.Server;

import java.util.Optional;

/**
 * The use of EclipseLink's own JDBC connection pool, where Gatehouse runs one (the launcher and plain
 * servlet containers). In an application server the container's datasource pools the connections, and
 * its own metrics report them (WildFly's {@code datasources} subsystem, Payara's monitoring).
 */
public final class ConnectionPools {
    /** The default pool at one moment. */
    public record Use(int open, int idle, int max) {
        public int busy() {
            return Math.max(0, open - idle);
        }
    }

    private ConnectionPools() {
    }

    /** The unit's default write pool, if EclipseLink pools the connections itself. */
    public static Optional<Use> of(EntityManagerFactory emf) {
        try {
            Server server = JpaHelper.getServerSession(emf);
            ConnectionPool pool = server == null ? null : server.getDefaultConnectionPool();
            if (pool == null) {
                return Optional.empty();
            }
            if (pool.getLogin() == null || pool.getLogin().shouldUseExternalConnectionPooling()) {
                return Optional.empty();
            }
            return Optional.of(new Use(pool.getTotalNumberOfConnections(), pool.getConnectionsAvailable().size(),
                    pool.getMaxNumberOfConnections()));
        } catch (RuntimeException e) {
            return Optional.empty(); // not EclipseLink's, or not pooled by it
        }
    }
}
