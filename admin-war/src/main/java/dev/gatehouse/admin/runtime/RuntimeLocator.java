package dev.gatehouse.admin.runtime;

import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.SharedGatehouse;
import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.ServletContext;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the process's one {@link Gatehouse}. The embedded launcher hands it over in a servlet context
 * attribute and owns it; in an application server this WAR acquires the shared instance over the
 * container's JTA persistence unit and releases it when undeployed; on a plain servlet container given
 * the {@code db-url} setting, over Gatehouse's own resource-local unit.
 */
public final class RuntimeLocator {
    /** Where {@code web.xml}'s {@code persistence-unit-ref} binds the container's unit. */
    public static final String PERSISTENCE_UNIT_JNDI = "java:comp/env/persistence/gatehouse";

    private RuntimeLocator() {
    }

    /** The runtime and how to let go of it. */
    public record Handle(Gatehouse gatehouse, Runnable release) {
    }

    /** @throws IllegalStateException explaining what is missing, so the deployment fails legibly */
    public static Handle locate(ServletContext context) {
        Object given = context.getAttribute(Gatehouse.CONTEXT_ATTRIBUTE);
        if (given instanceof Gatehouse gatehouse) {
            return new Handle(gatehouse, () -> { }); // the embedding server owns it
        }
        if (given != null) {
            throw new IllegalStateException("Gatehouse admin cannot start: the servlet context attribute '"
                    + Gatehouse.CONTEXT_ATTRIBUTE + "' holds a " + given.getClass().getName()
                    + " from another class loader; deploy the admin web application with parent-first class loading");
        }
        if (SharedGatehouse.standaloneConfigured() && !containerUnitBound()) {
            // a plain servlet container (Jetty, Tomcat): Gatehouse's own unit on the db-url setting
            String application = context.getContextPath().isEmpty() ? "root" : context.getContextPath();
            return new Handle(SharedGatehouse.acquireStandalone(application), SharedGatehouse::release);
        }
        EntityManagerFactory unit = containerUnit();
        Gatehouse shared = SharedGatehouse.acquire(unit);
        return new Handle(shared, SharedGatehouse::release);
    }

    private static boolean containerUnitBound() {
        try {
            return new InitialContext().lookup(PERSISTENCE_UNIT_JNDI) instanceof EntityManagerFactory;
        } catch (NamingException | RuntimeException e) {
            return false;
        }
    }

    private static EntityManagerFactory containerUnit() {
        Object found;
        try {
            found = new InitialContext().lookup(PERSISTENCE_UNIT_JNDI);
        } catch (NamingException | RuntimeException e) {
            throw new IllegalStateException(missing("the lookup failed with " + e.getClass().getSimpleName()));
        }
        if (found instanceof EntityManagerFactory emf) {
            return emf;
        }
        throw new IllegalStateException(missing("it holds " + (found == null ? "nothing" : found.getClass().getName())));
    }

    private static String missing(String why) {
        return "Gatehouse admin cannot start: no Gatehouse runtime. Either the embedding server sets the servlet"
                + " context attribute '" + Gatehouse.CONTEXT_ATTRIBUTE + "', or the container provides the"
                + " persistence unit 'gatehouse' at " + PERSISTENCE_UNIT_JNDI + " (" + why + ")";
    }
}
