package dev.gatehouse.servers.payara;

import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * Payara warned "Unsupported ... SameSite" on every deployment while web.xml declared the cookie
     * attribute (issue 16 item 6); the attribute now comes from a filter and the log stays quiet.
     */
    @Test
    void deploymentWhenDoneThenNoSameSiteWarningInTheServerLog() throws Exception {
        Path log = Path.of(System.getProperty("payara.home"), "glassfish", "domains", System.getProperty("payara.domain"),
                "logs", "server.log");

        List<String> warnings = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("samesite")).toList();

        assertEquals(List.of(), warnings);
    }
}
