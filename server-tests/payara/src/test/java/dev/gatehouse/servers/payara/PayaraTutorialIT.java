package dev.gatehouse.servers.payara;

import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;

/**
 * The tutorial on Payara Server: the EAR exactly as built (with the EclipseLink copy WildFly needs, which
 * Payara never loads: its own comes first), deployed by Arquillian into a running domain on its default
 * datasource; the admin is a file-realm user whose group maps to the role of the same name.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraTutorialIT extends TutorialFlow {
    @Deployment(testable = false)
    static EnterpriseArchive gatehouseEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("gatehouse.ear")));
    }

    @Override
    protected String baseUrl() {
        return System.getProperty("gatehouse.it.base-url");
    }
}
