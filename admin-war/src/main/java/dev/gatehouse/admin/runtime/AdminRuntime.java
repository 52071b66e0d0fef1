package dev.gatehouse.admin.runtime;

import dev.gatehouse.core.runtime.Gatehouse;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * The node's runtime as {@link AdminBootstrap} leaves it in the admin WAR's context, for the servlets and filters that
 * need it outside the API: one lookup, so a WAR whose listener is missing fails its deployment with one clear message.
 */
public final class AdminRuntime {

    static final String ATTRIBUTE = Gatehouse.CONTEXT_ATTRIBUTE + ".admin";

    private AdminRuntime() {
    }

    /** The runtime wired into {@code context}; a deployment without {@link AdminBootstrap} is refused. */
    public static Gatehouse of(ServletContext context) throws ServletException {
        if (!(context.getAttribute(ATTRIBUTE) instanceof Gatehouse gatehouse)) {
            throw new ServletException("the admin runtime was not wired: is AdminBootstrap declared as a listener?");
        }
        return gatehouse;
    }
}
