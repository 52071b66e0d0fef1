package dev.gatehouse.servers.wildfly;

import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * WildFly warned {@code WFLYEE0007: Not installing optional component dev.gatehouse.gateway.mcp.ClientLeg}
     * on every deployment (issue 16 item 8): it prepares every {@code AsyncListener} class of a deployment
     * for injection, and the gateway's listener had no public no-argument constructor. The log of this
     * server start, the EAR deployed, has no such warning.
     */
    @Test
    void deploymentWhenDoneThenNoOptionalComponentWarningInTheServerLog() throws Exception {
        List<String> log = Files.readAllLines(Path.of(System.getProperty("wildfly.home"), "standalone", "log", "server.log"),
                StandardCharsets.ISO_8859_1);
        int thisStart = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("WFLYSRV0049")) { // "WildFly ... starting": earlier runs' lines are not this one's
                thisStart = i;
            }
        }
        List<String> thisRun = log.subList(thisStart, log.size());
        assertTrue(thisRun.stream().anyMatch(line -> line.contains("gatehouse.ear")), "the deployment is not in this log");

        assertEquals(List.of(), thisRun.stream().filter(line -> line.contains("WFLYEE0007")).toList());
    }
}
