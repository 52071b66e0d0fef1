package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact bytes a syslog receiver gets: RFC 5424 header and structured data, octet counting, CEF escaping. */
class SyslogMessageTest {
    private static final AuditEvent RECORD = AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.DENIED)
            .correlationId("c-1").time(Instant.parse("2026-12-06T23:21:31.138821Z")).gateway("quick|start").tool("echo")
            .tokenIssuedBy("alice").clientAddress("10.0.0.7").detail("a=b\\c\nd").build()
            .sealed(1234L, "node\"a]", 877, "p", "h");

    @Test
    void messageWhenCefThenHeaderStructuredDataAndEscapedExtension() {
        assertEquals("<108>1 2026-12-06T23:21:31.138821Z node\"a] gatehouse - call_completed"
                + " [gatehouse@32473 id=\"1234\" node=\"node\\\"a\\]\" seq=\"877\"] "
                + "CEF:0|Gatehouse|Gatehouse|1|call_completed|call_completed denied|5|externalId=1234 rt=1796599291138"
                + " cs1Label=node cs1=node\"a] cn1Label=sequence cn1=877 outcome=denied suser=alice src=10.0.0.7"
                + " cs2Label=gateway cs2=quick|start cs4Label=tool cs4=echo cs5Label=correlationId cs5=c-1 msg=a\\=b\\\\c\\nd",
                SyslogMessage.message(RECORD, PayloadFormat.CEF));
    }

    @Test
    void framedWhenJsonThenOctetCountOfTheUtf8MessageAndOneLine() {
        AuditEvent accented = AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).correlationId("c-2")
                .time(Instant.parse("2026-12-06T23:21:31Z")).detail("é\nx").build().sealed(7L, "node-a", 1, null, "h");
        byte[] framed = SyslogMessage.framed(accented, PayloadFormat.JSON);
        String text = new String(framed, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        assertEquals(framed.length - space - 1, Integer.parseInt(text.substring(0, space)));
        assertEquals(-1, text.indexOf('\n'), "one line: JSON escapes the line break");
        assertEquals("<110>1 2026-12-06T23:21:31.000000Z node-a gatehouse - admin_action [gatehouse@32473 id=\"7\" node=\"node-a\" seq=\"1\"] {\"id\":7,",
                text.substring(space + 1, text.indexOf("\"nodeId\"")));
    }
}
