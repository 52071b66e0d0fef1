package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mail-smtp-tls=required} against a real SMTP server that offers no STARTTLS (nodemailer's smtp-server with
 * it disabled, as a downgrading middlebox would leave it): nothing is sent in clear, and the failure says why.
 */
class AlertMailTlsTest {
    private static final SmtpReceiver smtp = SmtpReceiver.start();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith(Map.of("gatehouse.mail-smtp-host", "127.0.0.1",
            "gatehouse.mail-smtp-port", String.valueOf(smtp.port()), "gatehouse.mail-smtp-tls", "required",
            "gatehouse.mail-from", "gatehouse@example.com"));

    @AfterAll
    static void stop() throws Exception {
        smtp.close();
    }

    @Test
    void mailWhenTlsIsRequiredAndTheServerOffersNoStarttlsThenNothingIsSentInClear() {
        assertJson(200, server.put("admin", "/api/alerts", "{\"emailTo\":[\"ops@example.com\"]}"));
        JsonNode test = assertJson(200, server.post("admin", "/api/alerts/test", ""));
        assertFalse(test.get("delivered").asBoolean(), test.toString());
        assertTrue(test.get("error").asText().startsWith("e-mail: ") && test.get("error").asText().contains("STARTTLS"),
                test.toString());
        assertTrue(smtp.mails().isEmpty(), "no message reached the server in clear");
    }
}
