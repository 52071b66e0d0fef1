package dev.gatehouse.servers.jetty;

import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;

/**
 * The tutorial on embedded Jetty 12: both WARs exactly as built, deployed by Arquillian into a plain
 * servlet container. Jetty has no persistence units, so each WAR opens Gatehouse's own resource-local
 * unit on the {@code gatehouse.db-url} setting (one H2 database for both); admins come from Jetty's
 * realm {@code gatehouse}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JettyTutorialIT extends TutorialFlow {
    @ArquillianResource
    @OperateOnDeployment("gateway")
    private URL gateway;
    @ArquillianResource
    @OperateOnDeployment("admin")
    private URL admin;

    @Deployment(name = "gateway", testable = false, order = 1)
    static WebArchive gatewayWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("gatehouse.gateway.war")));
    }

    @Deployment(name = "admin", testable = false, order = 2)
    static WebArchive adminWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("gatehouse.admin.war")));
    }

    @Override
    protected String baseUrl() {
        return gateway.getProtocol() + "://" + gateway.getAuthority();
    }

    @Override
    protected String gatewayContext() {
        return stripSlash(gateway.getPath());
    }

    @Override
    protected String adminContext() {
        return stripSlash(admin.getPath());
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
