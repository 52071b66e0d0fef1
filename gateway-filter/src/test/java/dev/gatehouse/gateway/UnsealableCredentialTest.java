package dev.gatehouse.gateway;

import dev.gatehouse.core.crypto.SecretBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway whose upstream credential this node cannot unseal (sealed under another sealing key, as by a
 * node of a cluster built without shared keys, issue 16 item 4): the client gets 503, and the log says
 * which gateway and why, where it used to say nothing at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsealableCredentialTest {
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness();
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void gatewayWhenCredentialSealedUnderAnotherKeyThen503AndTheCauseLogged() throws Exception {
        String foreign = SecretBox.fromBase64(SecretBox.newEncodedKey()).seal("another cluster's secret");
        try (var db = DriverManager.getConnection(gw.jdbcUrl, "sa", "");
             var update = db.prepareStatement("UPDATE gh_upstream_identity SET secret_sealed = ?"
                     + " WHERE owner IS NULL AND server_id = (SELECT id FROM gh_upstream_server WHERE slug = 'demo')");
             var bump = db.createStatement()) {
            update.setString(1, foreign);
            assertEquals(1, update.executeUpdate());
            bump.executeUpdate("UPDATE gh_catalog_version SET version = version + 1");
        }
        int logBefore = LogCapture.text().length();

        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", LIST,
                "Authorization: Bearer " + gw.quickstartToken, "Content-Type: application/json",
                "Accept: application/json, text/event-stream");

        assertEquals(503, r.status(), r.body());
        String logged = LogCapture.text().substring(logBefore);
        assertTrue(logged.contains("could not be looked up") && logged.contains("gateway of request "), logged);
        assertFalse(logged.contains("another cluster's secret"), "a secret in the log: " + logged);
    }
}
