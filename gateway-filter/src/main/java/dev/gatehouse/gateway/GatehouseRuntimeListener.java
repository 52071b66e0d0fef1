package dev.gatehouse.gateway;

import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.SharedGatehouse;
import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the one {@link Gatehouse} of this server process before any request is served, and leaves it
 * in the context attribute {@link Gatehouse#CONTEXT_ATTRIBUTE} for the filter and servlets.
 * <ol>
 *   <li>An embedding server (the launcher) sets the attribute before start: it is used, and never closed here.</li>
 *   <li>In an application server, the container's JTA persistence unit {@code gatehouse} (the
 *       {@code persistence-unit-ref} of web.xml) backs the shared runtime, released again on undeploy.</li>
 *   <li>On a plain servlet container (no persistence unit bound) given the {@code db-url} setting,
 *       Gatehouse opens its own resource-local unit on that database.</li>
 * </ol>
 * If neither is available the deployment fails with a message that says what is missing.
 */
public final class GatehouseRuntimeListener implements ServletContextListener {
    /** Where web.xml binds the container's persistence unit. */
    static final String PERSISTENCE_UNIT_REF = "java:comp/env/persistence/gatehouse";
    private static final String ACQUIRED = GatehouseRuntimeListener.class.getName() + ".acquired";

    /** The runtime of a started gateway application. */
    public static Gatehouse runtime(ServletContext context) {
        if (context.getAttribute(Gatehouse.CONTEXT_ATTRIBUTE) instanceof Gatehouse g) {
            return g;
        }
        throw new IllegalStateException("Gatehouse runtime missing: GatehouseRuntimeListener must be declared in web.xml");
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(Gatehouse.CONTEXT_ATTRIBUTE) instanceof Gatehouse) {
            return;
        }
        Gatehouse gatehouse = SharedGatehouse.standaloneConfigured() && !containerUnitBound()
                ? SharedGatehouse.acquireStandalone(context.getContextPath().isEmpty() ? "root" : context.getContextPath())
                : SharedGatehouse.acquire(containerUnit());
        context.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, gatehouse);
        context.setAttribute(ACQUIRED, Boolean.TRUE);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (Boolean.TRUE.equals(context.getAttribute(ACQUIRED))) {
            context.removeAttribute(ACQUIRED);
            context.removeAttribute(Gatehouse.CONTEXT_ATTRIBUTE);
            SharedGatehouse.release();
        }
    }

    /** Whether the container bound a persistence unit for us (an application server does; Jetty or Tomcat do not). */
    private static boolean containerUnitBound() {
        try {
            return new InitialContext().lookup(PERSISTENCE_UNIT_REF) instanceof EntityManagerFactory;
        } catch (NamingException | RuntimeException e) {
            return false;
        }
    }

    private static EntityManagerFactory containerUnit() {
        Object found;
        try {
            found = new InitialContext().lookup(PERSISTENCE_UNIT_REF);
        } catch (NamingException | RuntimeException e) {
            throw new IllegalStateException("Gatehouse cannot start: no runtime was handed over in the servlet context"
                    + " attribute '" + Gatehouse.CONTEXT_ATTRIBUTE + "', and the container offers no persistence unit at "
                    + PERSISTENCE_UNIT_REF + " (" + e.getClass().getSimpleName() + "). Deploy inside an application"
                    + " server with a default datasource, or start Gatehouse with its launcher.", e);
        }
        if (found instanceof EntityManagerFactory emf) {
            return emf;
        }
        throw new IllegalStateException("Gatehouse cannot start: " + PERSISTENCE_UNIT_REF
                + " is not an EntityManagerFactory but " + (found == null ? "null" : found.getClass().getName()));
    }
}
