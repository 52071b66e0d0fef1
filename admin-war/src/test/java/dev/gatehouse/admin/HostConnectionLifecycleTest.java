package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertFields;
import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless-agent tutorial through the API: register a host, connect it, use the token, revoke it. */
class HostConnectionLifecycleTest {
    static final Set<String> HOST_FIELDS = Set.of("id", "name", "kind", "description", "createdBy", "createdAt",
            "disabled", "connections", "lastUsedAt");
    static final Set<String> ISSUED_FIELDS = Set.of("id", "hostId", "gateway", "gatewayUrl", "token", "tokenPrefix",
            "createdBy", "createdAt", "expiresAt");
    static final Set<String> CONNECTION_FIELDS = Set.of("id", "hostId", "gateway", "gatewayUrl", "tokenPrefix",
            "createdBy", "createdAt", "expiresAt", "lastUsedAt", "disabled", "status", "previousTokenValidUntil");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void createHostWhenAdminThenCreatedWithLocationAndExactShape() {
        HttpResponse<String> created = server.post("admin", "/api/hosts",
                "{\"name\":\"CI bot\",\"kind\":\"token\",\"description\":\"nightly build\"}");

        JsonNode host = assertJson(201, created);
        assertFields(HOST_FIELDS, host);
        String id = host.get("id").asText();
        assertEquals(AdminServer.CONTEXT + "/api/hosts/" + id, created.headers().firstValue("Location").orElseThrow());
        assertEquals("CI bot", host.get("name").asText());
        assertEquals("TOKEN", host.get("kind").asText());
        assertEquals("nightly build", host.get("description").asText());
        assertEquals("admin", host.get("createdBy").asText());
        assertTrue(host.get("createdAt").asText().endsWith("Z"));
        Instant.parse(host.get("createdAt").asText());
        assertFalse(host.get("disabled").asBoolean());

        assertEquals(host, assertJson(200, server.get("auditor", "/api/hosts/" + id)));
        JsonNode list = assertJson(200, server.get("operator", "/api/hosts"));
        assertEquals(host, list.get(list.size() - 1), "oldest first, so the newest host is last");
    }

    @Test
    void connectionLifecycleWhenTokenIssuedThenShownOnceAuthenticatesAndDiesOnDelete() {
        String hostId = createHost("Deploy agent");

        HttpResponse<String> created = server.post("operator", "/api/hosts/" + hostId + "/connections",
                "{\"gateway\":\"quickstart\"}");

        JsonNode issued = assertJson(201, created);
        assertFields(ISSUED_FIELDS, issued);
        String connectionId = issued.get("id").asText();
        assertEquals(AdminServer.CONTEXT + "/api/connections/" + connectionId,
                created.headers().firstValue("Location").orElseThrow());
        String token = issued.get("token").asText();
        assertTrue(token.matches("gth_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}"), token);
        ParsedToken parsed = ApiTokenFormat.parse(token).orElseThrow();
        assertEquals("gth_" + parsed.publicId() + "_", issued.get("tokenPrefix").asText());
        assertEquals(hostId, issued.get("hostId").asText());
        assertEquals("quickstart", issued.get("gateway").asText());
        assertEquals(server.origin() + "/gatehouse/mcp/quickstart", issued.get("gatewayUrl").asText());
        assertEquals("operator", issued.get("createdBy").asText());
        assertTrue(issued.get("expiresAt").isNull());

        Authentication.Granted granted = assertInstanceOf(Authentication.Granted.class,
                server.gatehouse().authenticator().authenticate(parsed));
        assertEquals("operator", granted.grant().issuedBy());
        assertEquals("quickstart", granted.grant().gatewaySlug());
        server.gatehouse().recordLastUse(); // the use is written now, not between the two reads compared below

        HttpResponse<String> listed = server.get("auditor", "/api/hosts/" + hostId + "/connections");
        JsonNode connections = assertJson(200, listed);
        assertEquals(1, connections.size());
        assertFields(CONNECTION_FIELDS, connections.get(0));
        assertEquals(issued.get("tokenPrefix"), connections.get(0).get("tokenPrefix"));
        assertEquals(issued.get("gatewayUrl"), connections.get(0).get("gatewayUrl"));
        assertFalse(listed.body().contains(token));
        HttpResponse<String> one = server.get("admin", "/api/connections/" + connectionId);
        assertEquals(connections.get(0), assertJson(200, one));
        assertFalse(one.body().contains(token));

        HttpResponse<String> deleted = server.delete("operator", "/api/connections/" + connectionId);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        Authentication.Refused refused = assertInstanceOf(Authentication.Refused.class,
                server.gatehouse().authenticator().authenticate(parsed));
        assertEquals(Authentication.Reason.REVOKED, refused.reason());
        assertEquals(0, assertJson(200, server.get("admin", "/api/hosts/" + hostId + "/connections")).size());
        assertProblem(404, "no such connection", server.delete("operator", "/api/connections/" + connectionId));
    }

    @Test
    void createConnectionWhenExpiryGivenThenEchoedAsUtcInstant() {
        String hostId = createHost("Expiring agent");

        JsonNode issued = assertJson(201, server.post("admin", "/api/hosts/" + hostId + "/connections",
                "{\"gateway\":\"quickstart\",\"expiresAt\":\"2099-01-31T13:00:00+01:00\"}"));

        assertEquals("2099-01-31T12:00:00Z", issued.get("expiresAt").asText());
    }

    @Test
    void deleteHostWhenConnectedThenEveryTokenRevokedAndHostGone() {
        String hostId = createHost("Cron");
        ParsedToken a = issue(hostId);
        ParsedToken b = issue(hostId);

        HttpResponse<String> deleted = server.delete("operator", "/api/hosts/" + hostId);

        assertEquals(204, deleted.statusCode());
        assertInstanceOf(Authentication.Refused.class, server.gatehouse().authenticator().authenticate(a));
        assertInstanceOf(Authentication.Refused.class, server.gatehouse().authenticator().authenticate(b));
        assertProblem(404, "no such host", server.get("admin", "/api/hosts/" + hostId));
        assertProblem(404, "no host with id '" + hostId + "'",
                server.get("admin", "/api/hosts/" + hostId + "/connections"));
        assertProblem(404, "no such host", server.delete("admin", "/api/hosts/" + hostId));
    }

    @Test
    void changesWhenSuccessfulThenAuditedAsAdminActionsWithActorAndWithoutToken() {
        String hostId = createHost("Audited agent");
        HttpResponse<String> created = server.post("operator", "/api/hosts/" + hostId + "/connections",
                "{\"gateway\":\"quickstart\"}");
        JsonNode issued = assertJson(201, created);
        ParsedToken token = ApiTokenFormat.parse(issued.get("token").asText()).orElseThrow();
        assertEquals(204, server.delete("admin", "/api/connections/" + issued.get("id").asText()).statusCode());
        assertEquals(204, server.delete("operator", "/api/hosts/" + hostId).statusCode());

        var records = server.audit(4);
        assertAdminAction(records.get(3), "host.created", "admin", hostId, null);
        assertAdminAction(records.get(2), "connection.created", "operator", hostId, token.publicId());
        assertAdminAction(records.get(1), "connection.deleted", "admin", hostId, token.publicId());
        assertAdminAction(records.get(0), "host.deleted", "operator", hostId, null);
        assertEquals("operator", records.get(2).tokenIssuedBy());
        assertEquals(201, records.get(2).httpStatus());
        assertEquals(204, records.get(0).httpStatus());
        server.audit(10).forEach(e -> assertFalse(String.valueOf(e).contains(token.value())));
    }

    private static void assertAdminAction(AuditEvent e, String detail, String actor, String hostId, String publicId) {
        assertEquals(AuditKind.ADMIN_ACTION, e.kind());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals(detail, e.detail());
        assertEquals(actor, e.actor());
        assertEquals(hostId, e.hostId());
        assertEquals("Audited agent", e.hostName());
        assertEquals(publicId, e.tokenPublicId());
        assertEquals("admin-war-test", e.userAgent());
        assertTrue(e.clientAddress() != null && !e.clientAddress().isBlank());
    }

    private static String createHost(String name) {
        return assertJson(201, server.post("admin", "/api/hosts", "{\"name\":\"" + name + "\",\"kind\":\"TOKEN\"}"))
                .get("id").asText();
    }

    private static ParsedToken issue(String hostId) {
        JsonNode issued = assertJson(201, server.post("admin", "/api/hosts/" + hostId + "/connections",
                "{\"gateway\":\"quickstart\"}"));
        return ApiTokenFormat.parse(issued.get("token").asText()).orElseThrow();
    }
}
