package dev.gatehouse.servers.wildfly;

import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;

/**
 * The tutorial on WildFly: the EAR exactly as built, deployed by Arquillian into a managed WildFly on its
 * default datasource (H2); EclipseLink travels in the EAR, the admin is an ApplicationRealm user.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyTutorialIT extends TutorialFlow {
    @Deployment(testable = false)
    static EnterpriseArchive gatehouseEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("gatehouse.ear")));
    }

    @Override
    protected String baseUrl() {
        return System.getProperty("gatehouse.it.base-url");
    }
}
