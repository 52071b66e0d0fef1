package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /gatehouse/metrics} scraped by a real Prometheus (Debian's, a child process): the counters it
 * stores match the calls and refusals made, {@code promtool check metrics} passes on the text, and the
 * endpoint answers only a scraper with the token (docs/operations.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsEndpointTest {
    static final String TOKEN = "scrape-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = GatewayHarness.withSettings(java.util.Map.of("metrics-enabled", "true", "metrics-token", TOKEN,
                "metrics-tool-labels", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private HttpResponse<String> scrape(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl + "/gatehouse/metrics")).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void scrapeWhenCallsMadeThenARealPrometheusStoresCountsThatMatchThemAndPromtoolAcceptsTheText(@TempDir Path folder)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                    call(i, "echo", "{\"message\":\"m" + i + "\"}")).statusCode());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                    call(10 + i, "add", "{\"a\":1,\"b\":2}")).statusCode());
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(401, McpHttp.post(gw.gatewayUrl("quickstart"), null, call(20 + i, "echo", "{}")).statusCode());
        }

        try (RealPrometheus prometheus = new RealPrometheus(folder, URI.create(gw.baseUrl).getAuthority(),
                "/gatehouse/metrics", TOKEN)) {
            assertEquals(3.0, prometheus.await(
                    "gatehouse_calls_total{gateway=\"quickstart\",server=\"demo\",tool=\"echo\",outcome=\"success\"}", 3),
                    () -> "target: " + target(prometheus));
            assertEquals(2.0, prometheus.await(
                    "gatehouse_calls_total{gateway=\"quickstart\",server=\"demo\",tool=\"add\",outcome=\"success\"}", 2));
            assertEquals(4.0, prometheus.await("gatehouse_auth_refusals_total{reason=\"missing\"}", 4));
            assertEquals(5.0, prometheus.await(
                    "sum(gatehouse_call_duration_seconds_count{gateway=\"quickstart\",server=\"demo\"})", 5));
            assertEquals(5.0, prometheus.await("gatehouse_upstream_duration_seconds_count{gateway=\"quickstart\",server=\"demo\"}", 5));
            assertEquals(1.0, prometheus.await("up{job=\"gatehouse\"}", 1));
            assertEquals(0.0, prometheus.await("gatehouse_circuit_state{server=\"demo\"}", 0));
            assertTrue(prometheus.value("gatehouse_db_pool_connections{state=\"busy\"}").isPresent(), "pool use is reported");
            for (String journal : List.of("gatehouse_audit_journal_unshipped", "gatehouse_audit_journal_lag_seconds",
                    "gatehouse_audit_journal_size_bytes", "gatehouse_streams_open", "gatehouse_sessions_open",
                    "gatehouse_approvals_pending", "gatehouse_quarantine_pending")) {
                assertTrue(prometheus.value(journal).isPresent(), journal + " is scraped");
            }
            dashboardQueriesWhenRunThenPrometheusAcceptsEachAndEveryMetricIsDocumented(prometheus);
        }

        String text = scrape("Authorization", "Bearer " + TOKEN).body();
        String[] check = RealPrometheus.promtoolCheck(text);
        assertEquals("0", check[0], () -> "promtool check metrics: " + check[1] + "\n" + text);
        assertTrue(text.contains("# TYPE gatehouse_calls_total counter"), text);
        String operations = java.nio.file.Files.readString(Path.of("../docs/operations.md"));
        var families = java.util.regex.Pattern.compile("(?m)^# TYPE (gatehouse_[a-z_]+) ").matcher(text);
        int documented = 0;
        while (families.find()) {
            assertTrue(operations.contains("`" + families.group(1) + "`"), families.group(1)
                    + " is exported but not in docs/operations.md's metric names");
            documented++;
        }
        assertTrue(documented >= 15, "every exported metric family was checked: " + documented);
        assertTrue(text.contains("gatehouse_gateway_duration_seconds_bucket{gateway=\"quickstart\",le=\"0.001\"}"), text);
    }

    /** docs/grafana-dashboard.json: each panel's PromQL runs on the real Prometheus, and names documented metrics only. */
    private static void dashboardQueriesWhenRunThenPrometheusAcceptsEachAndEveryMetricIsDocumented(RealPrometheus prometheus)
            throws Exception {
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("../docs/grafana-dashboard.json").toFile());
        String operations = java.nio.file.Files.readString(Path.of("../docs/operations.md"));
        int queries = 0;
        for (var panel : dashboard.path("panels")) {
            for (var target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$gateway", ".*").replace("$__rate_interval", "1m");
                assertEquals("success", prometheus.status(expr), panel.path("title").asText() + ": " + expr);
                var names = java.util.regex.Pattern.compile("gatehouse_[a-z_]+").matcher(expr);
                while (names.find()) {
                    String metric = names.group().replaceAll("_(bucket|count|sum)$", "");
                    assertTrue(operations.contains("`" + metric + "`") || operations.contains(metric + "`"),
                            metric + " (dashboard panel '" + panel.path("title").asText() + "') is not in docs/operations.md");
                }
                queries++;
            }
        }
        assertTrue(queries >= 15, "the dashboard's queries were read: " + queries);
    }

    private String target(RealPrometheus prometheus) {
        try {
            return prometheus.target().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void scrapeWhenTokenMissingWrongOrOfAnotherLengthThen401WithAChallenge() throws Exception {
        for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong"},
                {"Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "X"},
                {"Authorization", "Bearer " + TOKEN + "X"}, {"Authorization", "Basic " + TOKEN}}) {
            HttpResponse<String> r = scrape(headers);
            assertEquals(401, r.statusCode(), String.join(" ", headers));
            assertEquals("Bearer realm=\"gatehouse-metrics\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertFalse(r.body().contains("gatehouse_"), r.body());
        }
        HttpResponse<String> ok = scrape("Authorization", "Bearer " + TOKEN, "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(ok.body().endsWith("# EOF\n"));
    }
}
