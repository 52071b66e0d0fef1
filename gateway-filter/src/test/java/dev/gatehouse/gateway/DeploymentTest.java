package dev.gatehouse.gateway;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a runtime handed over and without a container persistence unit, the WAR refuses to start, saying why. */
class DeploymentTest {
    @Test
    void contextInitializedWhenNoRuntimeAndNoPersistenceUnitThenDeploymentFailsWithAClearMessage() throws Exception {
        Server jetty = new Server(0);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/gatehouse");
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        jetty.setHandler(webapp);
        try {
            Exception e = assertThrows(Exception.class, jetty::start);
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof IllegalStateException)) {
                t = t.getCause();
            }
            assertTrue(t.getMessage().startsWith("Gatehouse cannot start: no runtime was handed over"), t.getMessage());
        } finally {
            jetty.stop();
        }
    }
}
