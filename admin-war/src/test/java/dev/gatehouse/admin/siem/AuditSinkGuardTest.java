package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audit sinks with the default settings: the SSRF guard, the capability and the checks on what is stored. */
class AuditSinkGuardTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void sinkWhenItsReceiverIsOnAPrivateAddressThenNothingIsSentAndTheStatusSaysWhy() throws Exception {
        JsonNode syslog = assertJson(201, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"internal\",\"kind\":\"syslog-tcp\",\"target\":\"127.0.0.1:514\"}"));
        JsonNode hec = assertJson(201, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"metadata\",\"kind\":\"splunk-hec\",\"url\":\"https://169.254.169.254\",\"secret\":\"t\"}"));
        for (JsonNode sink : new JsonNode[]{syslog, hec}) {
            String id = sink.get("id").asText();
            await("the guard refused " + id, 30, () -> {
                JsonNode st = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status");
                return !st.isEmpty() && st.get(0).get("failures").asLong() > 0;
            });
            JsonNode status = assertJson(200, server.get("admin", "/api/audit-sinks/" + id)).get("status").get(0);
            assertTrue(status.get("lastError").asText().contains("non-public address"), status.toString());
            assertEquals(0, status.get("delivered").asLong());
            assertEquals(204, server.delete("admin", "/api/audit-sinks/" + id).statusCode());
        }
    }

    @Test
    void sinkWhenInvalidThenProblemAndNothingStored() {
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"plain\",\"kind\":\"splunk-hec\",\"url\":\"http://splunk.example.com:8088\",\"secret\":\"t\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"no token\",\"kind\":\"splunk-hec\",\"url\":\"https://splunk.example.com:8088\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"cef over http\",\"kind\":\"elastic-bulk\",\"url\":\"https://es.example.com\",\"format\":\"cef\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"bad port\",\"kind\":\"syslog-tls\",\"target\":\"siem.example.com:70000\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"bad ca\",\"kind\":\"syslog-tls\",\"target\":\"siem.example.com:6514\",\"caCertificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks",
                "{\"name\":\"creds in url\",\"kind\":\"elastic-bulk\",\"url\":\"https://user:pw@es.example.com\"}"));
        assertProblem(400, server.post("admin", "/api/audit-sinks", "{\"name\":\"kind\",\"kind\":\"udp\",\"target\":\"a:1\"}"));
        assertEquals("[]", server.get("admin", "/api/audit-sinks").body().replaceAll("\\s", ""));
    }

    @Test
    void sinkWhenTheCallerLacksSettingsManageThenForbidden() {
        assertProblem(403, server.post("operator", "/api/audit-sinks",
                "{\"name\":\"exfiltrate\",\"kind\":\"syslog-tcp\",\"target\":\"evil.example.com:514\"}"));
        assertProblem(403, server.get("auditor", "/api/audit-sinks"));
    }
}
