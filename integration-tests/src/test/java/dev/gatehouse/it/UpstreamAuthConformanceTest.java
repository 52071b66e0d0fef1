package dev.gatehouse.it;

import dev.gatehouse.it.conformance.ConformanceSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official conformance suite's client authorization scenarios ({@code @modelcontextprotocol/conformance
 * client --suite auth}) against Gatehouse's upstream OAuth client, run through the launcher's
 * {@code upstream-auth-client} command (the product's own classes: discovery, registration, PKCE, resource,
 * scopes, the callback's code exchange, then the gateway's MCP handshake with the stored identity). Every
 * scenario must pass, but the ones named in {@link #KNOWN}, each with the reason it does not yet
 * (docs/upstream-identity.md, "Conformance"); a scenario newly failing, or one of those passing, fails the test.
 */
class UpstreamAuthConformanceTest {
    /** Scenarios Gatehouse's upstream client does not pass yet, with why. */
    static final Map<String, String> KNOWN = Map.of();
    /**
     * Where Gatehouse's Client ID Metadata Document is served, as the suite's {@code auth/basic-cimd} authorization
     * server expects the client id (it does not fetch the document; the admin WAR's is checked by
     * {@code ClientMetadataDocumentTest}).
     */
    static final String CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";
    private static final Pattern SUMMARY = Pattern.compile("^[✓✗]\\s+(auth/\\S+): (\\d+) passed, (\\d+) failed(?:, (\\d+) warnings)?$");
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*m");

    /** One scenario's checks. */
    record Result(int passed, int failed, int warnings) {
        boolean clean() {
            return passed > 0 && failed == 0 && warnings == 0;
        }
    }

    @Test
    @Timeout(600)
    void authScenariosWhenRunAgainstTheUpstreamOAuthClientThenAllPassButTheKnownOnes() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("gatehouse.launcher.jar", "../launcher/target/gatehouse.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = Path.of("target", "conformance-client").toAbsolutePath();
        Files.createDirectories(output);
        // the suite starts the client for all its scenarios at once, a JVM each: with the JIT at its first tier, as
        // every launcher the tests start (LauncherProcess.JVM_OPTIONS), their starts take less of the shared cores
        ProcessBuilder pb = new ProcessBuilder(ConformanceSuite.node22(harness).toString(),
                harness.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toString(),
                "client", "--suite", "auth", "--timeout", "240000", "-o", output.toString(),
                "--command", "\"" + java + "\" " + String.join(" ", LauncherProcess.JVM_OPTIONS) + " -jar \"" + jar
                        + "\" upstream-auth-client --client-metadata-url " + CLIENT_METADATA_URL)
                .directory(harness.toFile()).redirectErrorStream(true);
        // the suite's servers listen on localhost: the SSRF guard of Gatehouse's OAuth client must allow it here
        pb.environment().put("GATEHOUSE_UPSTREAM_OAUTH_ALLOW_PRIVATE_HOSTS", "true");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(9, TimeUnit.MINUTES), "the conformance suite finished");
        String text = COLOUR.matcher(new String(out, StandardCharsets.UTF_8)).replaceAll("");
        Files.writeString(output.resolve("suite.txt"), text);

        Map<String, Result> results = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = SUMMARY.matcher(line.strip());
            if (m.matches()) {
                results.put(m.group(1), new Result(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        m.group(4) == null ? 0 : Integer.parseInt(m.group(4))));
            }
        }
        assertTrue(results.size() >= 10, "the suite's auth scenarios ran: " + results + "\n" + tail(text));
        Set<String> notClean = results.entrySet().stream().filter(e -> !e.getValue().clean()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(new java.util.TreeSet<>(KNOWN.keySet()), notClean,
                "scenarios not passing (left: known, right: this run): " + results + "\n" + tail(text));
    }

    private static String tail(String text) {
        List<String> lines = List.of(text.split("\\R"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
