package dev.gatehouse.core.jpa;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink by default retries a query on a broken connection twice, five seconds apart: a request
 * would hang ten seconds before learning the database is down. Gatehouse answers 503 at once instead,
 * and retries a stale pooled connection once, immediately.
 */
public final class FailFastSessions implements SessionCustomizer {
    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(1);
            login.setDelayBetweenConnectionAttempts(0);
        }
    }
}
