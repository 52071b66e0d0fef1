package dev.gatehouse.servers.wildfly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.servers.FormSignIn;
import dev.gatehouse.servers.GatehouseNode;
import dev.gatehouse.servers.TutorialFlow;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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

    /**
     * WildFly's FORM sign-in ({@code j_security_check}, which no code of the WAR sees) is audited once for the session,
     * by the admin WAR's filter on the session's first signed-in request, however many requests the session makes
     * (catalogue 614).
     */
    @Test
    void formSignInWhenTheSessionIsUsedThenAuditedOnceAsTheServersSignIn() throws Exception {
        String console = baseUrl() + adminContext();
        String user = System.getProperty("gatehouse.it.admin.user");
        int before = settledFormSignIns(user).size();

        FormSignIn signIn = FormSignIn.signIn(console, user, System.getProperty("gatehouse.it.admin.password"));
        for (int i = 0; i < 3; i++) {
            assertEquals(java.util.Optional.of(user), FormSignIn.userOf(console, signIn.signedInId()));
        }
        List<JsonNode> after = settledFormSignIns(user);
        assertEquals(before + 1, after.size(), after.toString());
        JsonNode record = after.get(0);
        assertEquals("success", record.path("outcome").asText());
        assertEquals("signed in by the application server (form)", record.path("detail").asText());
        assertEquals("127.0.0.1", record.path("clientAddress").asText());
    }

    /**
     * The {@code sign-in/form} records of {@code user}, newest first, once every record written before this call is in:
     * a failed Basic sign-in of a fresh name is written after them (the audit log has one writer).
     */
    private List<JsonNode> settledFormSignIns(String user) throws Exception {
        String sentinel = "sentinel-" + System.nanoTime();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl() + adminContext() + "/api/me")).timeout(Duration.ofSeconds(30)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((sentinel + ":wrong").getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        GatehouseNode node = GatehouseNode.ear(baseUrl());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode records = node.admin("GET", "/logs?kind=sign_in&limit=500", null, 200);
            List<JsonNode> found = new ArrayList<>();
            boolean settled = false;
            for (JsonNode r : records) {
                settled |= sentinel.equals(r.path("actor").asText());
                if (user.equals(r.path("actor").asText()) && "sign-in/form".equals(r.path("method").asText())
                        && "success".equals(r.path("outcome").asText())) {
                    found.add(r);
                }
            }
            if (settled) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, "the failed sign-in of " + sentinel + " was not recorded: " + records);
            Thread.sleep(100);
        }
    }
}
