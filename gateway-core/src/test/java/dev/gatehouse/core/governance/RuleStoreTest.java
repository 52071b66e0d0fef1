package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.Eventually;
import dev.gatehouse.core.rules.Decision;
import dev.gatehouse.core.rules.Hook;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleContext;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.store.RequestRejected;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rules stored in the database: every kind reads back as written; a change on one node reaches the other. */
class RuleStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleContext CALL = new RuleContext("quickstart", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
            "echo", "demo", "corr-1", "1");
    @AutoClose
    private final TwoNodes nodes = TwoNodes.withQuickstart();

    private Rule create(String json) throws Exception {
        return nodes.a.governance().rules().create("quickstart", RuleJson.spec(JSON.readTree(json)), "alice");
    }

    @Test
    void createWhenEveryKindThenReadsBackAsWritten() throws Exception {
        List<String> bodies = List.of(
                "{\"name\":\"a\",\"hook\":\"both\",\"detect\":{\"type\":\"regex\",\"patterns\":[\"x+\",\"y\"],\"keys\":true},"
                        + "\"action\":{\"type\":\"replace\",\"text\":\" <gone> \"}}",
                "{\"name\":\"b\",\"hook\":\"response\",\"hosts\":[\"host-1\",\"host-2\"],\"tools\":\"gh__*\","
                        + "\"detect\":{\"type\":\"builtin\",\"detectors\":[\"secrets\",\"iban\"]},\"action\":{\"type\":\"mask\","
                        + "\"keepLast\":2},\"observe\":true,\"priority\":-5,\"description\":\"masks\"}",
                "{\"name\":\"c\",\"hook\":\"request\",\"detect\":{\"type\":\"always\"},"
                        + "\"action\":{\"type\":\"require_approval\",\"timeoutSeconds\":90},\"enabled\":false}",
                "{\"name\":\"d\",\"hook\":\"request\",\"detect\":{\"type\":\"webhook\",\"url\":\"https://rules.example/check\","
                        + "\"timeoutMs\":1500,\"failOpen\":true}}");
        for (String body : bodies) {
            Rule created = create(body);
            Rule read = nodes.b.governance().rules().rule(created.id()).orElseThrow();
            assertEquals(created, read);
            JsonNode view = RuleJson.view(read);
            JsonNode sent = JSON.readTree(body);
            assertEquals(sent.get("detect").get("type"), view.get("detect").get("type"));
            assertEquals(created.spec(), RuleJson.spec(view));
        }
        assertEquals(List.of("b", "a", "c", "d"), nodes.b.governance().rules().rules("quickstart").stream()
                .map(Rule::name).toList());
    }

    @Test
    void createWhenInvalidOrUnknownGatewayThenRefused() {
        RequestRejected bad = assertThrows(RequestRejected.class, () -> create(
                "{\"name\":\"a\",\"hook\":\"both\",\"detect\":{\"type\":\"builtin\",\"detectors\":[\"dna\"]},"
                        + "\"action\":{\"type\":\"redact\"}}"));
        assertEquals("'detect.detectors' names an unknown detector 'dna'; known: secrets, personal_data, aws_access_key,"
                + " github_token, private_key, jwt, gatehouse_token, email, phone, card_number, iban", bad.getMessage());
        RequestRejected gateway = assertThrows(RequestRejected.class, () -> nodes.a.governance().rules().create("nope",
                RuleJson.spec(JSON.readTree("{\"name\":\"a\",\"hook\":\"both\",\"detect\":{\"type\":\"always\"},"
                        + "\"action\":{\"type\":\"block\"}}")), "alice"));
        assertEquals(RequestRejected.Reason.NOT_FOUND, gateway.reason());
    }

    @Test
    void engineWhenRuleAddedOnOtherNodeThenAppliesWithinTheRefresh() throws Exception {
        JsonNode args = JSON.readTree("{\"message\":\"mail me at alice@example.com\"}");
        assertInstanceOf(Decision.Pass.class, nodes.b.governance().engine().evaluate(Hook.REQUEST, CALL, args));

        Rule rule = create("{\"name\":\"no mail\",\"hook\":\"request\",\"detect\":{\"type\":\"builtin\","
                + "\"detectors\":[\"email\"]},\"action\":{\"type\":\"block\"}}");
        assertInstanceOf(Decision.Blocked.class, nodes.a.governance().engine().evaluate(Hook.REQUEST, CALL, args));
        // node b re-reads rules every Governance.REFRESH: wait for that, not for a fixed time
        Eventually.await(() -> nodes.b.governance().engine().evaluate(Hook.REQUEST, CALL, args),
                d -> d instanceof Decision.Blocked, "node b applies the rule added through node a");
        nodes.a.governance().rules().delete(rule.id());
        assertInstanceOf(Decision.Pass.class, nodes.a.governance().engine().evaluate(Hook.REQUEST, CALL, args));
    }
}
