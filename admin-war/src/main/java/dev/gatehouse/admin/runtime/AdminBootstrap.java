package dev.gatehouse.admin.runtime;

import dev.gatehouse.admin.api.AdminApi;
import dev.gatehouse.admin.security.RoleSettings;
import dev.gatehouse.admin.web.SameSiteCookieFilter;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Wires the admin API when the web application starts: settings, the Gatehouse runtime, the routes.
 * Anything missing or malformed throws here, so the container refuses the deployment instead of serving
 * errors later.
 */
public final class AdminBootstrap implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(AdminBootstrap.class.getName());

    private RuntimeLocator.Handle runtime;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SameSiteCookieFilter.declareWhereHonoured(context);
        AdminSettings settings = AdminSettings.from(SettingsSource.system(), RoleSettings.fromSystem());
        runtime = RuntimeLocator.locate(context);
        context.setAttribute(AdminSettings.ATTRIBUTE, settings);
        context.setAttribute(AdminApi.ATTRIBUTE, AdminApi.wire(runtime.gatehouse(), settings));
        // for the OAuth authorization endpoint, which needs the runtime but not the API
        context.setAttribute(AdminRuntime.ATTRIBUTE, runtime.gatehouse());
        LOG.log(System.Logger.Level.INFO, "Gatehouse admin API ready at " + context.getContextPath() + "/api");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(AdminApi.ATTRIBUTE);
        event.getServletContext().removeAttribute(AdminSettings.ATTRIBUTE);
        event.getServletContext().removeAttribute(AdminRuntime.ATTRIBUTE);
        if (runtime != null) {
            runtime.release().run();
            runtime = null;
        }
    }
}
