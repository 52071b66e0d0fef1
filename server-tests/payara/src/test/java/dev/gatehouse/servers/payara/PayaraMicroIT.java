package dev.gatehouse.servers.payara;

import dev.gatehouse.servers.DocumentedCommands;
import dev.gatehouse.servers.Folders;
import dev.gatehouse.servers.GatehouseNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Micro's default datasource lives in the temporary runtime folder Micro unpacks and deletes (issue 16
 * item 7: every host, token and audit record gone at the next start). Gatehouse on it without
 * {@code GATEHOUSE_TEMPORARY_DATABASE=allow} does not start, and Micro's log names the database, why it
 * forgets and the setting; the try-out of deploy-payara.md ({@code docs/commands/payara-micro-tryout.sh}),
 * which sets it, runs both WARs with its administrator and warns.
 */
class PayaraMicroIT {
    private static final int PORT = 32600;
    private static final Duration START = Duration.ofMinutes(5);
    private static final String READY = "ready in";

    @Test
    void gatewayOnMicrosTemporaryDefaultDatabaseIsRefusedNamingTheSetting() throws Exception {
        Path folder = micro("micro-refused");
        Map<String, String> environment = new HashMap<>(Map.of("GATEHOUSE_DATA", folder.resolve("data").toString()));
        Path log = folder.resolve("micro.log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx384m", "-jar", "payara-micro-6.2025.10.jar", "--nocluster",
                "--port", String.valueOf(PORT), "--deploy", "gatehouse.war").directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().remove("GATEHOUSE_TEMPORARY_DATABASE");
        Process micro = builder.start();
        try {
            String printed = await(log, text -> text.contains(READY), micro);

            assertTrue(printed.contains("Gatehouse's database jdbc:h2:") && printed.contains("lies in the temporary folder")
                    && printed.contains("gatehouse.temporary-database=allow"), printed);
            assertNotEquals(200, get("/gatehouse/health").statusCode());
        } finally {
            DocumentedCommands.stop(micro);
        }
    }

    @Test
    void documentedTryOutRunsBothWarsWithItsAdministratorAndWarns() throws Exception {
        Path folder = micro("micro-tryout");
        Files.copy(Path.of(System.getProperty("gatehouse.admin.war")), folder.resolve("gatehouse-admin.war"));
        Path log = folder.resolve("micro.log");
        String user = System.getProperty("gatehouse.it.admin.user");
        Process block = DocumentedCommands.start("payara-micro-tryout.sh", Map.of("PORT", String.valueOf(PORT),
                "ADMIN_USER", user, "ADMIN_PASSWORD", System.getProperty("gatehouse.it.admin.password"),
                "GATEHOUSE_DATA", folder.resolve("data").toString(),
                "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH")), folder, log);
        try {
            String printed = await(log, text -> text.contains(READY), block);

            assertEquals(200, get("/gatehouse/health").statusCode(), printed);
            GatehouseNode node = GatehouseNode.ear("http://127.0.0.1:" + PORT);
            assertEquals(200, node.adminExchange("GET", "/servers", null).statusCode(), printed);
            assertTrue(printed.contains("allowed by temporary-database=allow"), printed);
        } finally {
            DocumentedCommands.stop(block);
        }
    }

    /** A fresh folder with Micro and the gateway WAR, as the docs have the admin stand in. */
    private static Path micro(String name) throws Exception {
        Path folder = Path.of(System.getProperty("gatehouse.it.target"), name);
        Folders.deleteRecursively(folder);
        Files.createDirectories(folder);
        Files.copy(Path.of(System.getProperty("payara.micro.jar")), folder.resolve("payara-micro-6.2025.10.jar"));
        Files.copy(Path.of(System.getProperty("gatehouse.gateway.war")), folder.resolve("gatehouse.war"));
        return folder;
    }

    private static String await(Path log, Predicate<String> done, Process process) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (done.test(text)) {
                return text;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Payara Micro did not get ready (" + (process.isAlive() ? "timed out" : "ended")
                        + "):\n" + text);
            }
            Thread.sleep(250);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
