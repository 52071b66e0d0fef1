package dev.gatehouse.core.jpa;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.platform.server.NoServerPlatform;
import org.eclipse.persistence.platform.server.ServerPlatform;
import org.eclipse.persistence.platform.server.wildfly.WildFlyPlatform;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.DatabaseSession;
import org.eclipse.persistence.sessions.Session;

/**
 * The unit's one EclipseLink session customizer ({@code eclipselink.session.customizer}): queries fail
 * fast on a broken connection ({@link FailFastSessions}), stored times are zoned ({@link ZonedTimes}), and a JTA unit on WildFly gets WildFly's
 * transaction integration without any server-specific setting.
 * <p>
 * Why the latter is needed: WildFly ships Hibernate, so the EAR brings EclipseLink itself
 * ({@code jboss.as.jpa.providerModule=application}); EclipseLink detects GlassFish/Payara, WebLogic and
 * WebSphere by itself, but not WildFly, and its generic JTA controller then looks for a transaction
 * manager at {@code java:comp/TransactionManager}, which WildFly does not bind. Naming
 * {@code eclipselink.target-server=JBoss} in {@code persistence.xml} would break Payara, which ships
 * its own EclipseLink and integration; so the platform is chosen here, only when nobody chose one
 * ({@code eclipselink.target-server} unset) and only inside WildFly ({@code jboss.home.dir} is set by
 * its launch scripts). The launcher's resource-local unit is never touched.
 */
public final class SessionSetup implements SessionCustomizer {
    private final String jbossHome;

    public SessionSetup() {
        this(System.getProperty("jboss.home.dir"));
    }

    SessionSetup(String jbossHome) {
        this.jbossHome = jbossHome;
    }

    @Override
    public void customize(Session session) {
        new FailFastSessions().customize(session);
        new ZonedTimes().customize(session);
        if (jbossHome != null && session instanceof DatabaseSession database && needsPlatform(database)) {
            database.setServerPlatform(new WildFlyPlatform(database));
        }
    }

    /** True for a JTA unit that EclipseLink left without a server platform. */
    static boolean needsPlatform(DatabaseSession session) {
        ServerPlatform platform = session.getServerPlatform();
        boolean jta = session.getDatasourceLogin() instanceof DatabaseLogin login
                && login.shouldUseExternalTransactionController();
        return jta && (platform == null || platform instanceof NoServerPlatform);
    }
}
