package dev.gatehouse.core.jpa;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver in front of H2 ({@code jdbc:lying:h2:...}) whose connections can be told to lose the
 * answer of their next commits: the database commits, then the driver reports the connection broken, as
 * when the network drops between the server's commit and its reply, or to stall their commits, as a
 * database under a lock or an I/O stall does. Everything else is H2's own.
 */
public final class LyingCommitDriver implements Driver {
    static final String PREFIX = "jdbc:lying:";
    private static final AtomicInteger LIES = new AtomicInteger();
    private static volatile java.util.concurrent.CountDownLatch hold;

    static {
        try {
            DriverManager.registerDriver(new LyingCommitDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next {@code count} commits happen, and are reported as failed. */
    static void lieAboutNextCommits(int count) {
        LIES.set(count);
    }

    /** Every commit waits (bounded, a minute) until {@link #releaseCommits}: a database that stalls. */
    static void holdCommits() {
        hold = new java.util.concurrent.CountDownLatch(1);
    }

    static void releaseCommits() {
        java.util.concurrent.CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Commits still to be lied about. */
    static int liesLeft() {
        return LIES.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    try {
                        java.util.concurrent.CountDownLatch h = hold;
                        if (h != null && method.getName().equals("commit")) {
                            h.await(1, java.util.concurrent.TimeUnit.MINUTES);
                        }
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("commit") && LIES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new SQLTransientConnectionException("connection reset after commit (injected)", "08006");
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    /** A persistence unit whose connections go through this driver, in front of the H2 database at {@code h2Url}. */
    static jakarta.persistence.EntityManagerFactory unit(String h2Url) {
        java.util.Map<String, Object> props = new java.util.HashMap<>();
        props.put("jakarta.persistence.jdbc.driver", LyingCommitDriver.class.getName());
        props.put("jakarta.persistence.jdbc.url", PREFIX + h2Url.substring("jdbc:".length()));
        props.put("jakarta.persistence.jdbc.user", "sa");
        props.put("jakarta.persistence.jdbc.password", "");
        props.put("eclipselink.cache.shared.default", "false");
        props.put("eclipselink.logging.level", "OFF");
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.session-name", "lying-" + java.util.UUID.randomUUID());
        return new org.eclipse.persistence.jpa.PersistenceProvider()
                .createContainerEntityManagerFactory(GatehousePersistence.unitInfo(), props);
    }
}
