package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What rule evaluation adds to a call: 10 rules (every built-in detector, five regular expressions,
 * redact, mask, hash, block and an observe-mode rule) over a 10 KB tool result that holds a few matches.
 * Sample mode reports percentiles; the p50 is the figure quoted in docs/rules.md. Run with:
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main RuleEngineBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {
    private static final RuleContext CALL = new RuleContext("gw", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
            "crm__find_customer", "crm", "corr", "1");

    /** The same call's log notification, as the response rules read every message of it (its {@code params}). */
    private static final RuleContext LOG_MESSAGE = CALL.message("notifications/message", "params");

    private RuleEngine engine;
    private JsonNode result;
    private JsonNode arguments;
    private JsonNode logParams;

    @Setup
    public void setUp() {
        Rules rules = new Rules();
        rules.add(spec(1, "secrets", Hook.BOTH, new Detection.BuiltIns(BuiltInDetector.Group.SECRETS.members()),
                new RuleAction.Redact(), false));
        rules.add(spec(2, "cards", Hook.BOTH, Rules.builtIn(BuiltInDetector.CARD_NUMBER), new RuleAction.Mask(4), false));
        rules.add(spec(3, "ibans", Hook.BOTH, Rules.builtIn(BuiltInDetector.IBAN), new RuleAction.Mask(4), false));
        rules.add(spec(4, "mail", Hook.RESPONSE, Rules.builtIn(BuiltInDetector.EMAIL), new RuleAction.Hash(), false));
        rules.add(spec(5, "phones", Hook.RESPONSE, Rules.builtIn(BuiltInDetector.PHONE), new RuleAction.Redact(), true));
        rules.add(spec(6, "internal hosts", Hook.BOTH, Rules.regex("[a-z0-9-]+\\.corp\\.example\\.com"),
                new RuleAction.Replace("<internal>"), false));
        rules.add(spec(7, "ssn", Hook.BOTH, Rules.regex("\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b"), new RuleAction.Block(), false));
        rules.add(spec(8, "passwords", Hook.BOTH, Rules.regex("(?i)password\\s*[:=]\\s*\\S+"), new RuleAction.Redact(), false));
        rules.add(spec(9, "project codes", Hook.BOTH, Rules.regex("PRJ-[0-9]{6}"), new RuleAction.Hash(), false));
        rules.add(spec(10, "drop table", Hook.BOTH, Rules.regex("(?i)drop\\s+table"), new RuleAction.Block(), true));
        engine = rules.engine;
        result = tenKilobyteResult();
        arguments = new ObjectMapper().createObjectNode().put("query", "customers in Berlin").put("limit", 50);
        logParams = new ObjectMapper().createObjectNode().put("level", "info").put("logger", "crm")
                .put("data", "fetched 28 customers from crm-db-3.corp.example.com in 41 ms");
    }

    private static RuleSpec spec(int priority, String name, Hook hook, Detection d, RuleAction a, boolean observe) {
        return new RuleSpec(name, null, true, priority, List.of(), "*", hook, d, false, a, observe);
    }

    /** A customer search result of about 10 KB: text content plus the same rows as structured content. */
    static JsonNode tenKilobyteResult() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode rows = json.createArrayNode();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            ObjectNode row = rows.addObject();
            row.put("id", "cust-" + (1000 + i));
            row.put("name", "Customer number " + i + " of the Berlin region");
            row.put("note", "Met at the trade fair; follow up in spring about the renewal of PRJ-" + (100000 + i));
            row.put("city", "Berlin");
            if (i % 10 == 0) {
                row.put("email", "customer" + i + "@example.com");
                row.put("card", "4111 1111 1111 1111");
            }
            text.append(row).append('\n');
        }
        ArrayNode content = root.putArray("content");
        content.addObject().put("type", "text").put("text", text.toString());
        root.putObject("structuredContent").set("rows", rows);
        root.put("isError", false);
        return root;
    }

    @Benchmark
    public Decision responseTenRulesTenKilobytes() {
        return engine.evaluate(Hook.RESPONSE, CALL, result);
    }

    @Benchmark
    public Decision requestTenRulesSmallArguments() {
        return engine.evaluate(Hook.REQUEST, CALL, arguments);
    }

    /** A log notification relayed on the call's stream, through the same 10 rules (one of them matches). */
    @Benchmark
    public Decision responseTenRulesLogNotification() {
        return engine.evaluate(Hook.RESPONSE, LOG_MESSAGE, logParams);
    }

    /** What every message of a gateway without rules of its direction costs: this check, nothing more. */
    @Benchmark
    public boolean messageOfAGatewayWithoutRules() {
        return engine.active("no-rules", Hook.RESPONSE);
    }

    /** The size of the benchmark's payload, for the record. */
    public static void main(String[] args) {
        System.out.println(tenKilobyteResult().toString().length() + " characters");
    }
}
