package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import dev.gatehouse.core.signin.SignInAudit;
import dev.gatehouse.core.signin.SignedInSession;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.time.Duration;

/**
 * The end of a signed-in console session that nobody signed out of: when the container ends it for having been idle
 * longer than its timeout, a {@code sign-out/<how>} record with the correlation id of its sign-in and the detail
 * "session timed out after N idle minutes". A session signed out by the console was unmarked before it ended
 * ({@link SignInAuditFilter#signedOut}); one ended by a server stop or undeployment writes nothing (the runtime may be
 * gone, and it is the server's record, not the user's).
 */
public final class SessionTimeoutAudit implements HttpSessionListener {
    private static final System.Logger LOG = System.getLogger(SessionTimeoutAudit.class.getName());

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        HttpSession session = event.getSession();
        try {
            if (!(session.getAttribute(SignedInSession.ATTRIBUTE) instanceof SignedInSession signedIn)) {
                return;
            }
            int timeout = session.getMaxInactiveInterval();
            long idle = System.currentTimeMillis() - session.getLastAccessedTime();
            if (timeout <= 0 || idle < timeout * 1000L) {
                return; // ended early: by the server (stop, undeployment), not by the timeout
            }
            SignInAudit audit = AdminRuntime.of(session.getServletContext()).signIns().audit();
            audit.signedOut(signedIn, signedIn.address(), null, "session timed out after " + idle(timeout) + " idle");
        } catch (IllegalStateException | ServletException e) {
            LOG.log(System.Logger.Level.DEBUG, "a session ended while the admin runtime was stopping: " + e);
        }
    }

    private static String idle(int seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toSecondsPart() == 0 && d.toMinutes() > 0 ? d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes")
                : seconds + (seconds == 1 ? " second" : " seconds");
    }
}
