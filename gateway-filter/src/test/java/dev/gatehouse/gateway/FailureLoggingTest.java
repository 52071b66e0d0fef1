package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security catalogue row 177: a failure is logged with its cause (each exception of the chain with its
 * message, not only a class name) and, where the request has one, its correlation id.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureLoggingTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    /** A class name, then ": " and a message: what the bare class names of before did not have. */
    private static final String CAUSE = "[\\w.$]+: [^\\n]+";
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness();
        gw.stopDatabase();
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void tokenCheckWhenDatabaseDownThenTheLogNamesTheCause() throws Exception {
        assertEquals(503, post(gw.quickstartToken).status());

        assertTrue(Pattern.compile("token check failed, database unavailable\\? " + CAUSE).matcher(LogCapture.text()).find(),
                LogCapture.text());
    }

    @Test
    void refusalAuditWhenDatabaseDownThenTheLogNamesTheCorrelationIdAndTheCause() throws Exception {
        assertEquals(401, post("not-a-token").status());
        if (gw.auditStorage().journaled()) {
            // with a journal the refusal is audited all the same, into the journal (docs/audit.md)
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (gw.gatehouse.auditLag().unshipped() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(gw.gatehouse.auditLag().unshipped() > 0, "the refusal is in the journal, waiting for the database");
            return;
        }

        Pattern line = Pattern.compile("auth failure could not be audited \\(correlation ([0-9a-f-]{36})\\): " + CAUSE);
        long deadline = System.nanoTime() + 30_000_000_000L;
        Matcher m = line.matcher(LogCapture.text());
        while (!m.find() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            m = line.matcher(LogCapture.text());
        }
        assertTrue(m.find(0), "no cause logged for the unaudited refusal");
    }

    private RawHttp.Reply post(String token) throws Exception {
        return RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", PING, "Authorization: Bearer " + token,
                "Content-Type: application/json", "Accept: application/json, text/event-stream");
    }
}
