package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.it.conformance.BearerRelay;
import dev.gatehouse.it.conformance.ConformanceFixtureServer;
import dev.gatehouse.it.conformance.ConformanceSuite;
import dev.gatehouse.it.conformance.ConformanceSuite.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance scenarios in which an upstream asks the client something mid-call (elicitation), run
 * many times in a row through Gatehouse in front of the Java SDK fixture, to catch a race that one run
 * misses. Off by default; {@code -Dgatehouse.conformance.repeat=50} runs each scenario 50 times (best
 * with the machine loaded, such as a parallel build). With {@code -Dgatehouse.conformance.whole-suite=true} each
 * run is the whole active suite (the three scenarios then follow the others, as in {@link ConformanceTest}).
 * Every run of the three must pass.
 */
class ElicitationRepeatTest {
    static final List<String> SCENARIOS = List.of("tools-call-elicitation", "elicitation-sep1034-defaults",
            "elicitation-sep1330-enums");

    @TempDir
    Path data;

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS) // 50 runs of three scenarios on a loaded machine take half an hour or more
    void elicitationScenariosPassEveryTimeThroughGatehouse() throws Exception {
        int repeat = Integer.getInteger("gatehouse.conformance.repeat", 0);
        assumeTrue(repeat > 0, "set -Dgatehouse.conformance.repeat=N to run");
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start();
             LauncherProcess launcher = LauncherProcess.start(data.resolve("gatehouse"))) {
            AdminApi admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
            admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                    "name", "Conformance fixture", "slug", "fixture", "url", fixture.url())));
            admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of(
                    "name", "Conformance via fixture", "slug", "conformance-fixture",
                    "servers", List.of(Map.of("server", "fixture")))));
            JsonNode host = admin.createTokenHost("Conformance suite");
            String token = admin.connect(host.get("id").asText(), "conformance-fixture").get("token").asText();
            try (BearerRelay relay = new BearerRelay(URI.create(launcher.baseUrl()).getPort(), token)) {
                String url = "http://localhost:" + relay.port() + "/gatehouse/mcp/conformance-fixture";
                ConformanceSuite suite = new ConformanceSuite(harness);
                List<String> failures = new ArrayList<>();
                int passed = 0;
                boolean wholeSuite = Boolean.getBoolean("gatehouse.conformance.whole-suite");
                for (int i = 1; i <= repeat; i++) {
                    Path whole = data.resolve("run-" + i);
                    Map<String, Outcome> all = wholeSuite ? suite.run(url, whole) : Map.of();
                    for (String scenario : SCENARIOS) {
                        Path out = wholeSuite ? whole : data.resolve("run-" + i + "-" + scenario);
                        Outcome o = wholeSuite ? all.get(scenario) : suite.run(url, out, scenario).get(scenario);
                        if (o != null && o.ok()) {
                            passed++;
                            System.out.println("run " + i + " " + scenario + ": " + o);
                        } else {
                            failures.add("run " + i + " " + scenario + ": " + o + "\n" + record(out, scenario));
                            System.out.println("FAILED " + failures.get(failures.size() - 1));
                        }
                    }
                }
                System.out.println("elicitation scenarios through Gatehouse: " + passed + "/" + repeat * SCENARIOS.size()
                        + " passed (" + repeat + " runs of " + SCENARIOS + ")");
                assertTrue(failures.isEmpty(), String.join("\n", failures));
            }
        }
    }

    private static String record(Path output, String scenario) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.walk(output)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().contains(scenario)).toList()) {
                String s = Files.readString(f);
                text.append(f.getFileName()).append(": ").append(s, 0, Math.min(s.length(), 3000)).append('\n');
            }
        }
        return text.toString();
    }
}
