package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.gatehouse.it.McpHttp.ACCEPT_BOTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged launcher killed without warning (SIGKILL) in the middle of concurrent tools/call load, then
 * started again on the same data folder, in each audit durability (docs/audit.md): every call a client saw
 * answered has its start and completion records in the audit table once the restarted node has shipped its
 * journal, the audit hash chain is intact, and the gateway serves the same token again.
 */
class CrashTest {
    private static final int CLIENTS = 8;
    /** Calls answered before the kill: enough that many are in flight when it lands, few enough for one log page. */
    private static final int ANSWERED_BEFORE_CRASH = 150;

    @ParameterizedTest
    @ValueSource(strings = {"process", "fsync", "database"})
    void killedMidLoadThenEveryAnsweredCallIsInTheTableAndTheChainIsIntactAfterRestart(String durability, @TempDir Path data)
            throws Exception {
        Map<String, String> env = Map.of("GATEHOUSE_ADMIN_PASSWORD", LauncherProcess.ADMIN_PASSWORD,
                "GATEHOUSE_AUDIT_DURABILITY", durability);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        String token;
        String hostId;
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        LauncherProcess first = LauncherProcess.start(data, env);
        try {
            AdminApi admin = new AdminApi(first.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
            hostId = admin.createTokenHost("Crash test bot").get("id").asText();
            token = admin.connect(hostId, "quickstart").get("token").asText();
            load(clients, running, first.mcpUrl("quickstart"), token, answered);
        } finally {
            first.crash(); // under full load: every client has a call in flight
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "the clients did not stop");
        }

        try (LauncherProcess second = LauncherProcess.start(data, env)) {
            AdminApi admin = new AdminApi(second.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
            second.awaitAuditShipped(); // from here on the logs are the table's rows alone
            for (String kind : new String[]{"call_started", "call_completed"}) {
                JsonNode records = admin.logs(Map.of("host", hostId, "kind", kind, "limit", "1000"));
                Set<String> logged = new HashSet<>();
                records.forEach(e -> {
                    assertFalse(e.get("id").isNull(), "a record in the table has its id: " + e);
                    logged.add(e.get("jsonRpcId").asText());
                });
                System.out.println("crash test (" + durability + "): " + answered.size() + " calls answered before the kill, "
                        + logged.size() + " " + kind + " records in the table after the restart");
                Set<String> missing = new HashSet<>(answered);
                missing.removeAll(logged);
                assertTrue(missing.isEmpty(), "answered before the kill but no " + kind + " record in the table: " + missing
                        + " (answered " + answered.size() + ", logged " + logged.size() + ")");
            }

            JsonNode verify = admin.expect(200, "GET", "/audit/verify", null);
            assertTrue(verify.get("intact").asBoolean(), verify.toString());

            HttpResponse<String> after = new McpHttp().post(second.mcpUrl("quickstart"), token, ACCEPT_BOTH,
                    McpHttp.toolsCall(1, "echo", "{\"message\":\"after the crash\"}"));
            assertEquals(200, after.statusCode(), after.body());
        }
    }

    /** Calls echo from several clients; returns once enough were answered, with the clients still calling. */
    private static void load(ExecutorService clients, AtomicBoolean running, String url, String token,
                             Set<String> answered) throws InterruptedException {
        CountDownLatch enough = new CountDownLatch(ANSWERED_BEFORE_CRASH);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.execute(() -> {
                McpHttp mcp = new McpHttp();
                for (int i = 1; running.get(); i++) {
                    int id = client * 100_000 + i;
                    try {
                        HttpResponse<String> r = mcp.post(url, token, ACCEPT_BOTH,
                                McpHttp.toolsCall(id, "echo", "{\"message\":\"load " + id + "\"}"));
                        if (r.statusCode() == 200 && r.body().contains("\"result\"")) {
                            answered.add(Integer.toString(id));
                            enough.countDown();
                        }
                    } catch (Exception e) {
                        return; // the process died under this call: it was never answered
                    }
                }
            });
        }
        assertTrue(enough.await(120, TimeUnit.SECONDS), "the load did not get going: " + answered.size() + " answered");
    }
}
