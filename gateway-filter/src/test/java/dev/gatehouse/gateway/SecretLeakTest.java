package dev.gatehouse.gateway;

import dev.gatehouse.core.model.IssuedConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the whole suite (this class runs last: {@code @Order} with the class orderer set in the pom),
 * nothing the run logged or printed, and no table of the shared gateway's database, holds a raw API
 * token or the upstream credential (docs/security-tests.md, "Secrets"). It adds its own traffic first,
 * through every path that handles a token or the credential, so it also holds when run alone.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(Integer.MAX_VALUE)
class SecretLeakTest {
    /** A whole token, as secret scanners would look for it. */
    private static final Pattern TOKEN = Pattern.compile("gth_[A-Za-z0-9]{8}_[A-Za-z0-9]{38}");
    private GatewayHarness gw;
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    void traffic(GatewayHarness harness) throws Exception {
        gw = harness;
        IssuedConnection fresh = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, "alice");
        secrets.addAll(List.of(gw.quickstartToken, gw.otherToken, gw.slowToken, gw.downToken, fresh.token()));
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"leak\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}";
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token(), call);
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token() + "x", call);                        // malformed
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token().substring(0, 45) + "AAAAAA", call); // bad checksum
        McpHttp.post(gw.gatewayUrl("quickstart") + "?access_token=" + fresh.token(), null, call);    // query string
        McpHttp.post(gw.gatewayUrl("other"), fresh.token(), call);                                   // wrong gateway
        McpHttp.post(gw.gatewayUrl("downgw"), gw.downToken, call);                                   // upstream down
        McpHttp.post(gw.gatewayUrl("slowgw"), gw.slowToken, call);                                   // upstream slow
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token(), "{\"jsonrpc\":\"2.0\",\"id\":\"" + fresh.token() + "\",");
        gw.gatehouse.connections().deleteConnection(fresh.connection().id(), "admin");
        McpHttp.post(gw.gatewayUrl("quickstart"), fresh.token(), call);                              // revoked
    }

    private void assertClean(String where, String text) {
        Matcher m = TOKEN.matcher(text);
        assertFalse(m.find(), () -> where + " holds a token: ..." + text.substring(Math.max(0, m.start() - 80),
                Math.min(text.length(), m.end() + 20)));
        for (String token : secrets) {
            String secretPart = token.substring(13, 45);
            assertFalse(text.contains(secretPart), where + " holds a token's secret");
        }
        assertFalse(text.contains(GatewayHarness.UPSTREAM_KEY), where + " holds the upstream credential");
    }

    @Test
    void logsWhenTheSuiteIsDoneThenNoTokenAndNoUpstreamSecret() {
        String logs = LogCapture.text();
        assertTrue(logs.length() > 0, "the capture is installed (src/test/resources/logging.properties)");
        assertClean("the captured logs and output", logs);
    }

    @Test
    void databaseWhenTheSuiteIsDoneThenNoTableHoldsATokenOrTheUpstreamSecret() {
        @SuppressWarnings("unchecked")
        List<String> tables = gw.gatehouse.inTransaction(em -> em.createNativeQuery(
                "select table_name from information_schema.tables where table_schema = 'PUBLIC'").getResultList());
        assertTrue(tables.stream().anyMatch(t -> t.equalsIgnoreCase("gh_audit_event")), tables.toString());
        for (String table : tables) {
            @SuppressWarnings("unchecked")
            List<Object> rows = gw.gatehouse.inTransaction(em -> em.createNativeQuery("select * from \"" + table + "\"").getResultList());
            StringBuilder text = new StringBuilder();
            for (Object row : rows) {
                if (row instanceof Object[] columns) {
                    for (Object c : columns) {
                        text.append(c instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : c).append('\n');
                    }
                } else {
                    text.append(row).append('\n');
                }
            }
            assertClean("table " + table, text.toString());
        }
    }
}
