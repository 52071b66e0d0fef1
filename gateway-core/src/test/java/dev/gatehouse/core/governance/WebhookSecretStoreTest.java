package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.jpa.RuleEntity;
import dev.gatehouse.core.rules.Detection;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.rules.SigningKey;
import dev.gatehouse.core.store.RequestRejected;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook rule's signing secret at rest: sealed in its own column (AES-256-GCM under the key that seals
 * upstream credentials), never in the rule's JSON, readable by every node sharing the key, write-only in
 * the API's form of the rule, and hidden when a rule is printed.
 */
class WebhookSecretStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-7Qp2Lx9Vb4Nc8Zt1";
    private static final String WEBHOOK = "{\"name\":\"engine\",\"hook\":\"request\",\"detect\":{\"type\":\"webhook\","
            + "\"url\":\"https://rules.example/check\"%s}}";
    @AutoClose
    private final TwoNodes nodes = TwoNodes.withQuickstart();

    private Rule create(String secretMember) throws Exception {
        return nodes.a.governance().rules().create("quickstart",
                RuleJson.spec(JSON.readTree(WEBHOOK.formatted(secretMember))), "alice");
    }

    private Rule replace(String id, String secretMember) throws Exception {
        return nodes.a.governance().rules().replace(id, RuleJson.spec(JSON.readTree(WEBHOOK.formatted(secretMember))),
                "alice");
    }

    private RuleEntity row(String id) {
        return nodes.txA.read(em -> em.find(RuleEntity.class, id));
    }

    private static SigningKey key(Rule rule) {
        return ((Detection.Webhook) rule.detection()).signingKey();
    }

    @Test
    void createWhenSecretGivenThenSealedAtRestAndEveryNodeSignsWithIt() throws Exception {
        Rule created = create(",\"secret\":\"" + SECRET + "\"");

        RuleEntity row = row(created.id());
        assertTrue(row.webhookSecretSealed().startsWith("v2:"), row.webhookSecretSealed());
        assertFalse(row.webhookSecretSealed().contains(SECRET));
        assertFalse(row.detection().contains(SECRET), row.detection());
        assertFalse(row.detection().contains("hasSecret"), row.detection());
        Rule onB = nodes.b.governance().rules().rule(created.id()).orElseThrow();
        assertEquals(SigningKey.of(SECRET), key(onB));
    }

    @Test
    void viewWhenSecretSetThenOnlyHasSecretShowsAndPrintingHidesIt() throws Exception {
        Rule created = create(",\"secret\":\"" + SECRET + "\"");

        String view = RuleJson.view(created).toString();
        assertTrue(view.contains("\"hasSecret\":true"), view);
        assertFalse(view.contains(SECRET), view);
        assertFalse(created.toString().contains(SECRET), created::toString);
        assertTrue(created.toString().contains("SigningKey[hidden]"), created::toString);
    }

    @Test
    void replaceWhenSecretOmittedThenKeptAndWhenNullThenRemoved() throws Exception {
        Rule created = create(",\"secret\":\"" + SECRET + "\"");

        Rule kept = replace(created.id(), ",\"timeoutMs\":1000");
        assertEquals(SigningKey.of(SECRET), key(kept));
        Rule changed = replace(created.id(), ",\"secret\":\"another-secret-0123456789\"");
        assertEquals(SigningKey.of("another-secret-0123456789"), key(changed));
        Rule removed = replace(created.id(), ",\"secret\":null");
        assertNull(key(removed));
        assertNull(row(created.id()).webhookSecretSealed());
        assertTrue(RuleJson.view(removed).toString().contains("\"hasSecret\":false"));
    }

    @Test
    void createWhenSecretTooShortThenRefusedWithoutEchoingIt() {
        RequestRejected refused = assertThrows(RequestRejected.class, () -> create(",\"secret\":\"short-1\""));

        assertEquals("'detect.secret' must be 16 to 256 characters", refused.getMessage());
    }
}
