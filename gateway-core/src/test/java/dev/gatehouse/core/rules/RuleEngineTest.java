package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.governance.GovernanceErrors;
import dev.gatehouse.core.store.RequestRejected;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.core.rules.Rules.builtIn;
import static dev.gatehouse.core.rules.Rules.regex;
import static dev.gatehouse.core.rules.Rules.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules over request arguments and tool results: every action, ordering, scoping, observe mode. */
class RuleEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleContext CALL = new RuleContext("gw", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
            "github__search", "github", "corr-1", "7");
    private static final String ARGS = "{\"query\":\"mail alice@example.com please\",\"n\":4111111111111111,"
            + "\"nested\":{\"list\":[\"card 4111 1111 1111 1111\"]}}";
    private static final String RESULT = "{\"content\":[{\"type\":\"text\",\"text\":\"contact alice@example.com\"},"
            + "{\"type\":\"image\",\"data\":\"YWxpY2VAZXhhbXBsZS5jb20=\",\"mimeType\":\"image/png\"},"
            + "{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///a.txt\",\"mimeType\":\"text/plain\","
            + "\"text\":\"bob@example.org\"}}],\"structuredContent\":{\"email\":\"alice@example.com\"},\"isError\":false}";

    private final Rules rules = new Rules();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Decision.Pass pass(Hook phase, String payload) {
        return assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(phase, CALL, json(payload)));
    }

    @Test
    void evaluateWhenNoRulesThenSamePayloadUnchanged() {
        JsonNode args = json(ARGS);

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.REQUEST, CALL, args));

        assertSame(args, pass.payload());
        assertFalse(pass.modified());
        assertEquals(List.of(), pass.hits());
    }

    @Test
    void redactWhenEmailInRequestThenRewrittenCopyAndOriginalUntouched() {
        rules.add("no e-mail", Hook.REQUEST, builtIn(BuiltInDetector.EMAIL), new RuleAction.Redact());
        JsonNode args = json(ARGS);

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.REQUEST, CALL, args));

        assertTrue(pass.modified());
        assertEquals("mail [REDACTED:email] please", pass.payload().get("query").textValue());
        assertEquals(json(ARGS), args);
        RuleHit hit = pass.hits().get(0);
        assertEquals("redact", hit.action());
        assertEquals(Set.of("email"), hit.detectors());
        assertEquals(List.of("/query"), hit.pointers());
        assertFalse(hit.observed());
        assertFalse(hit.toString().contains("alice"));
    }

    @Test
    void replaceWhenCardInNestedArrayThenFixedTextAtThatPointer() {
        rules.add("cards", Hook.BOTH, builtIn(BuiltInDetector.CARD_NUMBER), new RuleAction.Replace("<card>"));

        Decision.Pass pass = pass(Hook.REQUEST, ARGS);

        assertEquals("card <card>", pass.payload().at("/nested/list/0").textValue());
        assertEquals(4111111111111111L, pass.payload().get("n").longValue()); // numbers are not strings
        assertEquals(List.of("/nested/list/0"), pass.hits().get(0).pointers());
    }

    @Test
    void maskWhenCardThenAllButLastFourStarred() {
        rules.add("cards", Hook.REQUEST, builtIn(BuiltInDetector.CARD_NUMBER), new RuleAction.Mask(4));

        assertEquals("card ***************1111", pass(Hook.REQUEST, ARGS).payload().at("/nested/list/0").textValue());
    }

    @Test
    void hashWhenSameValueTwiceThenSameHashAndOtherValueDiffers() {
        rules.add("hash mail", Hook.RESPONSE, builtIn(BuiltInDetector.EMAIL), new RuleAction.Hash());

        JsonNode out = pass(Hook.RESPONSE, RESULT).payload();

        String inText = out.at("/content/0/text").textValue().substring("contact ".length());
        String structured = out.at("/structuredContent/email").textValue();
        String other = out.at("/content/2/resource/text").textValue();
        assertTrue(inText.matches("\\[HMAC:[A-Za-z0-9_-]{16}]"), inText);
        assertEquals(inText, structured);
        assertNotEquals(inText, other);
        assertEquals(inText, pass(Hook.RESPONSE, RESULT).payload().at("/structuredContent/email").textValue());
    }

    @Test
    void redactWhenResponseThenContentStructureAndBinaryUntouchedAndStillMcp() {
        rules.add("words", Hook.RESPONSE, regex("text|txt|image|png|[A-Za-z0-9+/=]{20,}"), new RuleAction.Redact());
        JsonNode original = json(RESULT);

        Decision.Pass pass = pass(Hook.RESPONSE, RESULT);

        JsonNode out = pass.payload();
        assertEquals("text", out.at("/content/0/type").textValue());
        assertEquals("image", out.at("/content/1/type").textValue());
        assertEquals(original.at("/content/1/data"), out.at("/content/1/data"));
        assertEquals("image/png", out.at("/content/1/mimeType").textValue());
        assertEquals("text/plain", out.at("/content/2/resource/mimeType").textValue());
        assertEquals("file:///a.[REDACTED:regex]", out.at("/content/2/resource/uri").textValue());
        assertNull(McpShapes.refusal(Hook.RESPONSE, original, out));
    }

    @Test
    void blockWhenRequestMatchesThenErrorNamesTheRule() {
        rules.add("no cards", Hook.REQUEST, builtIn(BuiltInDetector.CARD_NUMBER), new RuleAction.Block());

        Decision.Blocked blocked = assertInstanceOf(Decision.Blocked.class,
                rules.engine.evaluate(Hook.REQUEST, CALL, json(ARGS)));

        assertEquals("no cards", blocked.ruleName());
        assertEquals(GovernanceErrors.RULE_BLOCKED, blocked.error().code());
        assertEquals("Blocked by rule 'no cards'", blocked.error().message());
        assertEquals("block", blocked.hits().get(0).action());
    }

    @Test
    void blockWhenResponseHookOnlyThenRequestPasses() {
        rules.add("no cards out", Hook.RESPONSE, builtIn(BuiltInDetector.CARD_NUMBER), new RuleAction.Block());

        assertFalse(pass(Hook.REQUEST, ARGS).modified());
        assertInstanceOf(Decision.Blocked.class, rules.engine.evaluate(Hook.RESPONSE, CALL,
                json("{\"content\":[{\"type\":\"text\",\"text\":\"4111111111111111\"}]}")));
    }

    @Test
    void observeWhenRuleMatchesThenNothingChangesAndTheHitIsRecorded() {
        rules.add(new RuleSpec("watch", null, true, 1, List.of(), "*", Hook.BOTH, builtIn(BuiltInDetector.EMAIL),
                false, new RuleAction.Block(), true));
        rules.add(new RuleSpec("watch redact", null, true, 2, List.of(), "*", Hook.BOTH,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Redact(), true));
        JsonNode result = json(RESULT);

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.RESPONSE, CALL, result));

        assertSame(result, pass.payload());
        assertFalse(pass.modified());
        assertEquals(json(RESULT), result);
        assertEquals(2, pass.hits().size());
        assertTrue(pass.hits().stream().allMatch(RuleHit::observed));
        assertEquals("block", pass.hits().get(0).action());
        assertEquals(List.of("/content/0/text", "/content/2/resource/text", "/structuredContent/email"),
                pass.hits().get(0).pointers());
        assertEquals(3, pass.hits().get(0).matches());
    }

    @Test
    void requireApprovalWhenToolMatchesThenHeldWithTimeout() {
        rules.add(new RuleSpec("approve deletes", null, true, 1, List.of(), "*__delete_*", Hook.REQUEST,
                new Detection.Always(), false, new RuleAction.RequireApproval(Duration.ofMinutes(5)), false));
        RuleContext delete = new RuleContext("gw", "host-1", "CI bot", "conn-1", "Ab3dE6gH", "github__delete_repo",
                "github", "corr-2", "8");

        Decision.Held held = assertInstanceOf(Decision.Held.class, rules.engine.evaluate(Hook.REQUEST, delete, json(ARGS)));

        assertEquals("approve deletes", held.ruleName());
        assertEquals(Duration.ofMinutes(5), held.timeout());
        assertEquals(List.of(""), held.hits().get(0).pointers());
        assertFalse(rules.engine.evaluate(Hook.REQUEST, CALL, json(ARGS)) instanceof Decision.Held);
    }

    @Test
    void priorityWhenRedactRunsBeforeBlockThenBlockNoLongerMatches() {
        rules.add(new RuleSpec("block mail", null, true, 20, List.of(), "*", Hook.REQUEST,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Block(), false));
        rules.add(new RuleSpec("redact mail", null, true, 10, List.of(), "*", Hook.REQUEST,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Redact(), false));

        Decision.Pass pass = pass(Hook.REQUEST, ARGS);

        assertEquals(1, pass.hits().size());
        assertEquals("redact mail", pass.hits().get(0).ruleName());
    }

    @Test
    void scopeWhenOtherHostOrToolThenRuleDoesNotApply() {
        rules.add(new RuleSpec("only host-2", null, true, 1, List.of("host-2"), "*", Hook.REQUEST,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Block(), false));
        rules.add(new RuleSpec("only slack", null, true, 1, List.of(), "slack__*", Hook.REQUEST,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Block(), false));
        rules.add(new RuleSpec("disabled", null, false, 1, List.of(), "*", Hook.REQUEST,
                builtIn(BuiltInDetector.EMAIL), false, new RuleAction.Block(), false));

        assertEquals(List.of(), pass(Hook.REQUEST, ARGS).hits());
        assertTrue(rules.engine.active("gw", Hook.REQUEST));
        assertFalse(rules.engine.active("gw", Hook.RESPONSE));
        assertFalse(rules.engine.active("other", Hook.REQUEST));
    }

    @Test
    void keysWhenRuleIncludesKeysThenKeyRewrittenAndPointersNeverShowIt() {
        rules.add(new RuleSpec("keys", null, true, 1, List.of(), "*", Hook.REQUEST, builtIn(BuiltInDetector.EMAIL),
                true, new RuleAction.Redact(), false));

        Decision.Pass pass = pass(Hook.REQUEST, "{\"a/b\":{\"bob@example.org\":{\"x\":\"carol@example.net\"}}}");

        JsonNode inner = pass.payload().get("a/b");
        assertTrue(inner.has("[REDACTED:email]"), inner::toString);
        assertEquals("[REDACTED:email]", inner.get("[REDACTED:email]").get("x").textValue());
        RuleHit hit = pass.hits().get(0);
        assertEquals(List.of("/a~1b", "/a~1b/*/x"), hit.pointers());
        assertTrue(hit.keys());
        assertFalse(hit.toString().contains("bob") || hit.toString().contains("carol"));
    }

    @Test
    void regexWhenPathologicalPatternOnLongInputThenLinearTime() {
        rules.add("nested quantifiers", Hook.REQUEST, regex("(a+)+$", "(a|aa)*c", "(x+x+)+y"), new RuleAction.Block());
        String hostile = "a".repeat(1_000_000) + "!";
        JsonNode payload = JSON.createObjectNode().put("text", hostile);

        // a backtracking engine needs longer than the universe's age for this; RE2 is linear
        Decision d = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> rules.engine.evaluate(Hook.REQUEST, CALL, payload));

        assertInstanceOf(Decision.Pass.class, d);
    }

    @Test
    void validateWhenBackreferenceOrLookaroundThenRefusedWithRe2sReason() {
        RequestRejected backref = assertThrows(RequestRejected.class,
                () -> RuleCompiler.validate(spec("x", Hook.REQUEST, regex("(a)\\1"), new RuleAction.Block())));
        assertTrue(backref.getMessage().startsWith("'detect.patterns' holds an expression RE2 does not accept"),
                backref.getMessage());
        assertThrows(RequestRejected.class,
                () -> RuleCompiler.validate(spec("x", Hook.REQUEST, regex("a(?=b)"), new RuleAction.Block())));
    }

    @Test
    void validateWhenAlwaysWithRewriteOrWebhookWithActionThenRefused() {
        assertThrows(RequestRejected.class,
                () -> RuleCompiler.validate(spec("x", Hook.REQUEST, new Detection.Always(), new RuleAction.Redact())));
        assertThrows(RequestRejected.class, () -> RuleCompiler.validate(spec("x", Hook.REQUEST,
                new Detection.Webhook(java.net.URI.create("https://rules.example/check"), null, false),
                new RuleAction.Block())));
        assertThrows(RequestRejected.class, () -> RuleCompiler.validate(spec("x", Hook.REQUEST,
                new Detection.Webhook(java.net.URI.create("http://rules.example/check"), null, false), null)));
    }

    @Test
    void evaluateWhenMessageOtherThanTheCallsOwnPayloadThenDetectorsApplyButAlwaysAndApprovalRulesDoNot() {
        rules.add("deny all", Hook.BOTH, new Detection.Always(), new RuleAction.Block());
        rules.add("approve cards", Hook.REQUEST, builtIn(BuiltInDetector.CARD_NUMBER),
                new RuleAction.RequireApproval(Duration.ofMinutes(5)));
        rules.add("no e-mail", Hook.BOTH, builtIn(BuiltInDetector.EMAIL), new RuleAction.Redact());
        RuleContext meta = CALL.message("tools/call", "_meta");
        RuleContext log = CALL.message("notifications/message", "params");

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.REQUEST, meta,
                json("{\"note\":\"card 4111 1111 1111 1111 for alice@example.com\"}")));
        Decision.Pass logged = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.RESPONSE, log,
                json("{\"level\":\"info\",\"data\":\"for alice@example.com\"}")));

        assertEquals("card 4111 1111 1111 1111 for [REDACTED:email]", pass.payload().get("note").textValue());
        assertEquals(List.of("no e-mail"), pass.hits().stream().map(RuleHit::ruleName).toList());
        assertEquals("for [REDACTED:email]", logged.payload().get("data").textValue());
        assertInstanceOf(Decision.Blocked.class, rules.engine.evaluate(Hook.REQUEST, CALL, json(ARGS)),
                "the call's own arguments still meet the always rule");
    }

    @Test
    void auditWhenMessagePartThenRecordNamesTheMessageItsMethodAndNeverTheMatch() {
        rules.add("no e-mail", Hook.RESPONSE, builtIn(BuiltInDetector.EMAIL), new RuleAction.Block());
        RuleContext error = CALL.message("prompts/get", "error");
        RuleContext answer = CALL.message(null, "result");

        Decision blocked = rules.engine.evaluate(Hook.RESPONSE, error, json("{\"code\":-1,\"message\":\"ask alice@example.com\"}"));
        Decision answered = rules.engine.evaluate(Hook.RESPONSE, answer, json("{\"content\":{\"mail\":\"alice@example.com\"}}"));

        var record = RuleAudit.events(error, Hook.RESPONSE, blocked).get(0);
        assertEquals("prompts/get", record.method());
        assertTrue(record.detail().startsWith("rule 'no e-mail' ("), record.detail());
        assertTrue(record.detail().contains(") on response (prompts/get error): block by email at /message (1 match)"), record.detail());
        assertFalse(record.detail().contains("alice"));
        var answerRecord = RuleAudit.events(answer, Hook.RESPONSE, answered).get(0);
        assertNull(answerRecord.method());
        assertTrue(answerRecord.detail().contains("on response (answer result): block by email at /content/mail"), answerRecord.detail());
        assertEquals("tools/call", RuleAudit.events(CALL, Hook.RESPONSE, answered).get(0).method());
    }
}
