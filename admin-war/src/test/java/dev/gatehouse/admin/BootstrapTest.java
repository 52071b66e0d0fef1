package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deployment wiring: the runtime must be found, settings are parsed once and bad ones stop the deployment. */
class BootstrapTest {
    private static final List<String> PROPERTIES = List.of("gatehouse.public-base-url", "gatehouse.gateway-context-path",
            "gatehouse.roles.staff", "gatehouse.roles.gatehouse-auditor");

    @AfterEach
    void clearSettings() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void deployWhenNoRuntimeAttributeAndNoPersistenceUnitThenFailsNamingBoth() throws Exception {
        Server jetty = AdminServer.jetty(null);
        try {
            Exception e = assertThrows(Exception.class, jetty::start);

            String message = rootMessage(e);
            assertTrue(message.startsWith("Gatehouse admin cannot start: no Gatehouse runtime."), message);
            assertTrue(message.contains("'dev.gatehouse.runtime'"), message);
            assertTrue(message.contains("java:comp/env/persistence/gatehouse"), message);
        } finally {
            jetty.stop();
        }
    }

    @Test
    void deployWhenRoleSettingNamesUnknownCapabilityThenFailsNamingIt() {
        System.setProperty("gatehouse.roles.gatehouse-auditor", "logs:read, logs:write");

        Exception e = assertThrows(Exception.class, AdminServer::start);

        assertTrue(rootMessage(e).startsWith("Gatehouse setting 'roles.gatehouse-auditor' names an unknown capability"
                + " 'logs:write'; known: hosts:manage, tokens:issue,"), rootMessage(e));
    }

    @Test
    void deployWhenPublicUrlContextPathAndRoleSetThenUsedAndReadOnce() throws Exception {
        System.setProperty("gatehouse.public-base-url", "https://gw.example.com/");
        System.setProperty("gatehouse.gateway-context-path", "/tools/");
        System.setProperty("gatehouse.roles.staff", "logs:read");
        try (AdminServer server = AdminServer.start()) {
            clearSettings();

            JsonNode gateway = assertJson(200, server.get("admin", "/api/gateways")).get(0);
            assertEquals("https://gw.example.com/tools/mcp/quickstart", gateway.get("url").asText());
            assertEquals("{\"user\":\"nobody\",\"capabilities\":[\"logs:read\"]}",
                    assertJson(200, server.get("nobody", "/api/me")).toString());
            assertJson(200, server.get("nobody", "/api/logs"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
