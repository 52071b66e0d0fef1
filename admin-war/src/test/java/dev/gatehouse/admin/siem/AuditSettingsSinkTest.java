package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sink given by the setting audit-sinks (configuration as code): it streams, the API shows it and cannot remove it. */
class AuditSettingsSinkTest {
    private static final String TOKEN = "hec-token-from-settings-9c2e";
    private static final HttpReceiver HEC = receiver();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith(Map.of(
            "gatehouse.siem-allow-private-addresses", "true",
            "gatehouse.audit-sinks", "[{\"name\":\"splunk (settings)\",\"kind\":\"splunk-hec\",\"url\":\"" + HEC.url()
                    + "\",\"secret\":\"" + TOKEN + "\",\"from\":\"now\"}]"));

    private static HttpReceiver receiver() {
        try {
            return new HttpReceiver(r -> new HttpReceiver.Answer(200, "{\"text\":\"Success\",\"code\":0}"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        HEC.close();
    }

    @Test
    void sinkFromSettingsWhenRecordsAreWrittenThenStreamedAndShownButNotRemovable() throws Exception {
        AuditEvent written = server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION,
                Outcome.SUCCESS).actor("settings-sink").build());
        await("the record reached HEC", 30, () -> HEC.requests().stream()
                .anyMatch(r -> r.body().contains("\"id\":" + written.id() + ",")));
        assertEquals("Splunk " + TOKEN, HEC.requests().get(0).authorization());

        JsonNode listed = assertJson(200, server.get("admin", "/api/audit-sinks"));
        assertFalse(listed.toString().contains(TOKEN), "the secret is never returned");
        JsonNode sink = listed.get(0);
        assertEquals("settings", sink.get("source").asText());
        assertTrue(sink.get("hasSecret").asBoolean());
        assertProblem(409, server.delete("admin", "/api/audit-sinks/" + sink.get("id").asText()));
    }
}
