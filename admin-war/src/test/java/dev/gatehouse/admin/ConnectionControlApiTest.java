package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.Authentication.Reason;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertFields;
import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's controls through the API: the connection kill switch, rotation with a grace period,
 * the host switch, break-glass revocation by issuer and the settings view; each audited with its actor.
 */
class ConnectionControlApiTest {
    static final Set<String> ROTATED_FIELDS = Set.of("id", "hostId", "gateway", "gatewayUrl", "token", "tokenPrefix",
            "expiresAt", "previousTokenPrefix", "previousTokenValidUntil");
    static final Set<String> TOKEN_FIELDS = Set.of("tokenPrefix", "createdBy", "createdAt", "expiresAt", "lastUsedAt",
            "revokedAt", "replaced", "valid");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void disableConnectionWhenOperatorThenTokenRefusedUntilEnabledAndBothAudited() {
        String hostId = createHost("Switch bot");
        JsonNode issued = connect(hostId);
        String id = issued.get("id").asText();
        ParsedToken token = parse(issued.get("token").asText());

        JsonNode disabled = assertJson(200, server.post("operator", "/api/connections/" + id + "/disable", ""));

        assertFields(HostConnectionLifecycleTest.CONNECTION_FIELDS, disabled);
        assertTrue(disabled.get("disabled").asBoolean());
        assertEquals("disabled", disabled.get("status").asText());
        assertEquals(Reason.CONNECTION_DISABLED, refusal(token));
        assertAudited("connection.disabled", "operator", hostId, token.publicId());

        JsonNode enabled = assertJson(200, server.send("operator", "POST", "/api/connections/" + id + "/enable"));
        assertFalse(enabled.get("disabled").asBoolean());
        assertEquals("active", enabled.get("status").asText());
        assertInstanceOf(Authentication.Granted.class, server.gatehouse().authenticator().authenticate(token));
        assertAudited("connection.enabled", "operator", hostId, token.publicId());
        assertProblem(404, "no such connection", server.send("operator", "POST", "/api/connections/nope/disable"));
    }

    @Test
    void rotateWhenGraceGivenThenNewTokenShownOnceAndOldOneValidForTheGrace() {
        String hostId = createHost("Rotating bot");
        JsonNode issued = connect(hostId);
        String id = issued.get("id").asText();
        ParsedToken old = parse(issued.get("token").asText());
        Instant before = Instant.now();

        HttpResponse<String> response = server.post("admin", "/api/connections/" + id + "/rotate",
                "{\"gracePeriodSeconds\":3600}");

        JsonNode rotated = assertJson(200, response);
        assertFields(ROTATED_FIELDS, rotated);
        ParsedToken fresh = parse(rotated.get("token").asText());
        assertNotEquals(old.publicId(), fresh.publicId());
        assertEquals("gth_" + fresh.publicId() + "_", rotated.get("tokenPrefix").asText());
        assertEquals(issued.get("tokenPrefix"), rotated.get("previousTokenPrefix"));
        Instant until = Instant.parse(rotated.get("previousTokenValidUntil").asText());
        assertFalse(until.isBefore(before.plus(Duration.ofHours(1)).minusSeconds(1)), until::toString);
        assertTrue(until.isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(1)), until::toString);
        assertInstanceOf(Authentication.Granted.class, server.gatehouse().authenticator().authenticate(old));
        assertEquals("admin", assertInstanceOf(Authentication.Granted.class,
                server.gatehouse().authenticator().authenticate(fresh)).grant().issuedBy());

        JsonNode connection = assertJson(200, server.get("auditor", "/api/connections/" + id));
        assertEquals(rotated.get("tokenPrefix"), connection.get("tokenPrefix"));
        assertEquals(rotated.get("previousTokenValidUntil"), connection.get("previousTokenValidUntil"));
        assertFalse(connection.toString().contains(fresh.value()));
        JsonNode tokens = assertJson(200, server.get("auditor", "/api/connections/" + id + "/tokens"));
        assertEquals(2, tokens.size());
        assertFields(TOKEN_FIELDS, tokens.get(0));
        assertEquals(rotated.get("tokenPrefix"), tokens.get(0).get("tokenPrefix"));
        assertTrue(tokens.get(1).get("replaced").asBoolean());
        assertTrue(tokens.get(1).get("valid").asBoolean());
        assertEquals(rotated.get("previousTokenValidUntil"), tokens.get(1).get("revokedAt"));
        AuditEvent audit = assertAudited("connection.rotated: previous token valid for 3600 s", "admin", hostId,
                fresh.publicId());
        assertEquals("admin", audit.tokenIssuedBy());
        assertFalse(audit.toString().contains(fresh.value()));
    }

    @Test
    void rotateWhenNoBodyThenOldTokenRevokedAtOnce() {
        JsonNode issued = connect(createHost("Quick rotate"));
        String id = issued.get("id").asText();
        ParsedToken old = parse(issued.get("token").asText());

        JsonNode rotated = assertJson(200, server.send("operator", "POST", "/api/connections/" + id + "/rotate"));

        assertEquals(Reason.REVOKED, refusal(old));
        assertInstanceOf(Authentication.Granted.class,
                server.gatehouse().authenticator().authenticate(parse(rotated.get("token").asText())));
        assertTrue(assertJson(200, server.get("auditor", "/api/connections/" + id)).get("previousTokenValidUntil").isNull());
    }

    @Test
    void rotateWhenInputBadThenRefusedAndNothingIssued() {
        String id = connect(createHost("Bad rotate")).get("id").asText();

        assertProblem(400, "'gracePeriodSeconds' must be between 0 and 2592000 (30 days)",
                server.post("admin", "/api/connections/" + id + "/rotate", "{\"gracePeriodSeconds\":2592001}"));
        assertProblem(400, "'gracePeriodSeconds' must be a whole number",
                server.post("admin", "/api/connections/" + id + "/rotate", "{\"gracePeriodSeconds\":\"soon\"}"));
        assertProblem(400, "'expiresAt' must be in the future",
                server.post("admin", "/api/connections/" + id + "/rotate", "{\"expiresAt\":\"2001-01-01T00:00:00Z\"}"));
        assertProblem(415, server.post("admin", "/api/connections/" + id + "/rotate", "text/plain", "60"));
        assertProblem(404, "no connection with id 'nope'", server.post("admin", "/api/connections/nope/rotate", "{}"));
        assertEquals(1, assertJson(200, server.get("admin", "/api/connections/" + id + "/tokens")).size());
    }

    @Test
    void disableHostWhenConnectedThenAllItsTokensRefusedUntilEnabled() {
        String hostId = createHost("Fleet");
        ParsedToken a = parse(connect(hostId).get("token").asText());
        ParsedToken b = parse(connect(hostId).get("token").asText());

        JsonNode host = assertJson(200, server.post("operator", "/api/hosts/" + hostId + "/disable", ""));

        assertFields(HostConnectionLifecycleTest.HOST_FIELDS, host);
        assertTrue(host.get("disabled").asBoolean());
        assertEquals(2, host.get("connections").asInt());
        assertEquals(Reason.HOST_DISABLED, refusal(a));
        assertEquals(Reason.HOST_DISABLED, refusal(b));
        assertAudited("host.disabled", "operator", hostId, null);
        JsonNode connections = assertJson(200, server.get("auditor", "/api/hosts/" + hostId + "/connections"));
        connections.forEach(c -> assertEquals("host_disabled", c.get("status").asText()));

        assertFalse(assertJson(200, server.post("operator", "/api/hosts/" + hostId + "/enable", ""))
                .get("disabled").asBoolean());
        assertInstanceOf(Authentication.Granted.class, server.gatehouse().authenticator().authenticate(a));
        assertAudited("host.enabled", "operator", hostId, null);
        assertProblem(404, "no such host", server.post("operator", "/api/hosts/nope/disable", ""));
    }

    @Test
    void hostsListWhenConnectedThenCountsConnections() {
        String hostId = createHost("Counted");
        connect(hostId);
        connect(hostId);

        JsonNode list = assertJson(200, server.get("auditor", "/api/hosts"));

        JsonNode host = null;
        for (JsonNode h : list) {
            if (h.get("id").asText().equals(hostId)) {
                host = h;
            }
        }
        assertEquals(2, host.get("connections").asInt());
        assertTrue(host.get("lastUsedAt").isNull());
        assertEquals(host, assertJson(200, server.get("auditor", "/api/hosts/" + hostId)));
    }

    @Test
    void breakGlassWhenUserTokensRevokedThenAllRefusedCountedListedAndAudited() {
        String a = createHost("Mallory bot");
        String b = createHost("Mallory cron");
        ParsedToken t1 = parse(server.gatehouse().connections().connect(a, "quickstart", null, "mallory").token());
        ParsedToken t2 = parse(server.gatehouse().connections().connect(b, "quickstart", null, "mallory").token());
        ParsedToken other = parse(connect(a).get("token").asText());
        JsonNode issuers = assertJson(200, server.get("operator", "/api/break-glass/token-issuers"));
        assertTrue(issuers.toString().contains("{\"user\":\"mallory\",\"activeTokens\":2}"), issuers::toString);

        JsonNode done = assertJson(200, server.post("operator", "/api/break-glass/revoke-user-tokens",
                "{\"user\":\" mallory \"}"));

        assertEquals("{\"user\":\"mallory\",\"revoked\":2,\"identitiesDeleted\":0}", done.toString());
        assertEquals(Reason.REVOKED, refusal(t1));
        assertEquals(Reason.REVOKED, refusal(t2));
        assertInstanceOf(Authentication.Granted.class, server.gatehouse().authenticator().authenticate(other));
        AuditEvent audit = assertAudited("user.tokens.revoked: 2 tokens", "operator", null, null);
        assertEquals("mallory", audit.tokenIssuedBy());
        assertFalse(assertJson(200, server.get("operator", "/api/break-glass/token-issuers")).toString()
                .contains("mallory"));
        assertProblem(400, "'user' is required", server.post("operator", "/api/break-glass/revoke-user-tokens", "{}"));
    }

    @Test
    void settingsWhenAdminThenEffectiveSettingsWithRoleGrants() {
        JsonNode settings = assertJson(200, server.get("admin", "/api/settings"));

        assertFields(Set.of("publicBaseUrl", "gatewayContextPath", "maxBodyBytes", "roles"), settings);
        assertTrue(settings.get("publicBaseUrl").isNull());
        assertEquals("/gatehouse", settings.get("gatewayContextPath").asText());
        assertEquals("[\"logs:read\",\"logs:export\"]", settings.get("roles").get("gatehouse-auditor").toString());
        assertEquals(dev.gatehouse.admin.security.Capability.values().length - 1, settings.get("roles").get("gatehouse-admin").size(),
                "the admin role holds every capability but audit:retention");
    }

    private static AuditEvent assertAudited(String detail, String actor, String hostId, String publicId) {
        AuditEvent e = server.audit(1).get(0);
        assertEquals(AuditKind.ADMIN_ACTION, e.kind());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals(detail, e.detail());
        assertEquals(actor, e.actor());
        assertEquals(hostId, e.hostId());
        assertEquals(publicId, e.tokenPublicId());
        return e;
    }

    private static Reason refusal(ParsedToken token) {
        return assertInstanceOf(Authentication.Refused.class,
                server.gatehouse().authenticator().authenticate(token)).reason();
    }

    private static String createHost(String name) {
        return assertJson(201, server.post("admin", "/api/hosts", "{\"name\":\"" + name + "\",\"kind\":\"TOKEN\"}"))
                .get("id").asText();
    }

    private static JsonNode connect(String hostId) {
        return assertJson(201, server.post("admin", "/api/hosts/" + hostId + "/connections", "{\"gateway\":\"quickstart\"}"));
    }

    private static ParsedToken parse(String token) {
        return ApiTokenFormat.parse(token).orElseThrow();
    }
}
