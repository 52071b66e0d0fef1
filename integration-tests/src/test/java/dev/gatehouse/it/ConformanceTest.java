package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.it.conformance.BearerRelay;
import dev.gatehouse.it.conformance.ConformanceFixtureServer;
import dev.gatehouse.it.conformance.ConformanceSuite;
import dev.gatehouse.it.conformance.ConformanceSuite.Outcome;
import dev.gatehouse.it.conformance.ServerEverything;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP conformance suite's server scenarios, run (a) directly against an upstream and (b)
 * through a one-server Gatehouse gateway (the packaged launcher) fronting that same upstream, for two
 * upstreams: {@code @modelcontextprotocol/server-everything} and a Java SDK fixture implementing every
 * fixture the suite expects. A relay in front of Gatehouse adds the bearer token and keeps the
 * {@code Host} header. Every scenario passing direct must pass through Gatehouse, and
 * {@code dns-rebinding-protection} must pass through Gatehouse whatever the upstream does.
 */
class ConformanceTest {
    private static final String DNS_REBINDING = "dns-rebinding-protection";

    @TempDir
    static Path data;
    static Path harness;
    static LauncherProcess launcher;
    static ConformanceFixtureServer fixture;
    static ServerEverything everything;
    static final List<AutoCloseable> relays = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        fixture = ConformanceFixtureServer.start();
        everything = ServerEverything.start(harness);
        launcher = LauncherProcess.start(data.resolve("gatehouse"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable relay : relays) {
            relay.close();
        }
        if (launcher != null) {
            launcher.close();
        }
        if (everything != null) {
            everything.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyScenarioPassingDirectPassesThroughGatehouse() throws Exception {
        AdminApi admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        String fixtureUrl = gatewayFronting(admin, "fixture", fixture.url());
        String everythingUrl = gatewayFronting(admin, "everything", everything.url());
        ConformanceSuite suite = new ConformanceSuite(harness);

        Map<String, Outcome> fixtureDirect = suite.run(fixture.url(), data.resolve("fixture-direct"));
        Map<String, Outcome> fixtureGated = suite.run(fixtureUrl, data.resolve("fixture-gatehouse"));
        Map<String, Outcome> everythingDirect = suite.run(everything.url(), data.resolve("everything-direct"));
        Map<String, Outcome> everythingGated = suite.run(everythingUrl, data.resolve("everything-gatehouse"));

        System.out.println(table(fixtureDirect, fixtureGated, everythingDirect, everythingGated));
        printFailures(fixtureDirect, fixtureGated, data.resolve("fixture-gatehouse"));
        printFailures(everythingDirect, everythingGated, data.resolve("everything-gatehouse"));
        List<String> problems = new ArrayList<>();
        fixtureDirect.forEach((scenario, outcome) -> {
            if (!outcome.ok()) {
                problems.add("the fixture fails " + scenario + " direct: the fixture is incomplete");
            }
        });
        problems.addAll(regressions("the fixture", fixtureDirect, fixtureGated));
        refusedUnlistedTools(everythingDirect, everythingGated, fixtureGated, data.resolve("everything-gatehouse"));
        problems.addAll(regressions("server-everything", everythingDirect, everythingGated));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** A gateway with the one server at {@code upstreamUrl}, behind a relay adding a token; its relayed URL. */
    private static String gatewayFronting(AdminApi admin, String slug, String upstreamUrl) throws Exception {
        admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "Conformance " + slug, "slug", slug, "url", upstreamUrl)));
        admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "Conformance via " + slug, "slug", "conformance-" + slug,
                "servers", List.of(Map.of("server", slug)))));
        JsonNode host = admin.createTokenHost("Conformance suite for " + slug);
        String token = admin.connect(host.get("id").asText(), "conformance-" + slug).get("token").asText();
        BearerRelay relay = new BearerRelay(URI.create(launcher.baseUrl()).getPort(), token);
        relays.add(relay);
        return "http://localhost:" + relay.port() + "/gatehouse/mcp/conformance-" + slug;
    }

    /**
     * Prints the record of every scenario that passed direct but failed through Gatehouse. There is no
     * second attempt: a scenario failing through Gatehouse is a regression, however loaded the machine
     * (the elicitation scenarios' flakiness under load was a race, see {@code ElicitationRepeatTest}).
     */
    private static void printFailures(Map<String, Outcome> direct, Map<String, Outcome> gated, Path output)
            throws java.io.IOException {
        for (Map.Entry<String, Outcome> e : direct.entrySet()) {
            Outcome through = gated.get(e.getKey());
            if (e.getValue().ok() && (through == null || !through.ok())) {
                printRecord(output, e.getKey());
            }
        }
    }

    /**
     * The one difference allowed in front of server-everything: a scenario that calls one of the suite's
     * fixture tools, which server-everything does not list. Direct, server-everything answers it leniently
     * and the scenario passes; Gatehouse refuses a tool its upstream does not list with the protocol error
     * the specification gives ({@code -32602 Unknown tool}, issue 14) without calling the upstream. Such a
     * scenario counts as passed only when its record shows exactly that refusal and the same scenario passes
     * through Gatehouse in front of the fixture, which lists the tool.
     */
    private static void refusedUnlistedTools(Map<String, Outcome> direct, Map<String, Outcome> gated,
                                             Map<String, Outcome> fixtureGated, Path output) throws java.io.IOException {
        for (Map.Entry<String, Outcome> e : direct.entrySet()) {
            Outcome through = gated.get(e.getKey());
            Outcome viaFixture = fixtureGated.get(e.getKey());
            if (!e.getValue().ok() || through == null || through.ok() || viaFixture == null || !viaFixture.ok()) {
                continue;
            }
            String record = record(output, e.getKey());
            if (record.matches("(?s).*\"errorMessage\"\\s*:\\s*\"Failed: MCP error -32602: Unknown tool 'test_[a-z_]+'\".*")) {
                System.out.println(e.getKey() + ": Gatehouse refuses the fixture tool server-everything does not list"
                        + " (passes through Gatehouse in front of the fixture: " + viaFixture + ")");
                gated.put(e.getKey(), e.getValue());
            }
        }
    }

    private static String record(Path output, String scenario) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(output)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> f.toString().contains(scenario)).toList()) {
                text.append(java.nio.file.Files.readString(f));
            }
        }
        return text.toString();
    }

    private static void printRecord(Path output, String scenario) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(output)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> f.toString().contains(scenario)).toList()) {
                String text = java.nio.file.Files.readString(f);
                System.out.println(f + ":\n" + text.substring(0, Math.min(text.length(), 4000)));
            }
        }
    }

    private static List<String> regressions(String upstream, Map<String, Outcome> direct, Map<String, Outcome> gated) {
        List<String> problems = new ArrayList<>();
        direct.forEach((scenario, outcome) -> {
            Outcome through = gated.get(scenario);
            if (outcome.ok() && (through == null || !through.ok())) {
                problems.add(scenario + " passes direct against " + upstream + " but not through Gatehouse: " + through);
            }
        });
        Outcome rebinding = gated.get(DNS_REBINDING);
        if (rebinding == null || !rebinding.ok()) {
            problems.add(DNS_REBINDING + " fails through Gatehouse in front of " + upstream + ": " + rebinding);
        }
        return problems;
    }

    private static String table(Map<String, Outcome> fixtureDirect, Map<String, Outcome> fixtureGated,
            Map<String, Outcome> everythingDirect, Map<String, Outcome> everythingGated) {
        Set<String> scenarios = new LinkedHashSet<>(fixtureDirect.keySet());
        scenarios.addAll(everythingDirect.keySet());
        StringBuilder out = new StringBuilder("\nMCP conformance suite (checks passed/total)\n");
        String row = "%-30s | %-10s | %-21s | %-10s | %-24s%n";
        out.append(String.format(row, "scenario", "fixture", "fixture via Gatehouse", "everything", "everything via Gatehouse"));
        for (String s : scenarios) {
            out.append(String.format(row, s, cell(fixtureDirect, s), cell(fixtureGated, s), cell(everythingDirect, s),
                    cell(everythingGated, s)));
        }
        out.append(String.format(row, "scenarios passed", count(fixtureDirect), count(fixtureGated),
                count(everythingDirect), count(everythingGated)));
        return out.toString();
    }

    private static String cell(Map<String, Outcome> outcomes, String scenario) {
        Outcome o = outcomes.get(scenario);
        return o == null ? "-" : o.toString();
    }

    private static String count(Map<String, Outcome> outcomes) {
        return outcomes.values().stream().filter(Outcome::ok).count() + "/" + outcomes.size();
    }
}
