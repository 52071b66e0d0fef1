package dev.gatehouse.servers.payara;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Micro's default datasource lives in the temporary runtime folder Micro unpacks and deletes (issue 16
 * item 7: every host, token and audit record gone at the next start). The gateway WAR deployed on it, as the
 * Micro recipe of deploy-payara.md deploys it but without {@code GATEHOUSE_TEMPORARY_DATABASE=allow}, does not
 * start: Micro's log names the database, why it forgets and the setting, and the gateway never answers.
 */
class PayaraMicroIT {
    private static final int PORT = 32600;
    private static final String READY = "ready in";

    @Test
    void gatewayOnMicrosTemporaryDefaultDatabaseIsRefusedNamingTheSetting() throws Exception {
        Path war = Path.of(System.getProperty("gatehouse.gateway.war"));
        Path data = Files.createDirectories(Path.of(System.getProperty("gatehouse.it.target"), "micro-data"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", System.getProperty("payara.micro.jar"), "--nocluster", "--port", String.valueOf(PORT),
                "--deploy", war.toString()).redirectErrorStream(true);
        builder.environment().put("GATEHOUSE_DATA", data.toString());
        builder.environment().remove("GATEHOUSE_TEMPORARY_DATABASE");
        Process micro = builder.start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(micro.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (java.io.IOException ignored) {
                // Micro ended
            }
            ready.complete(null);
        }, "payara-micro-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(5, TimeUnit.MINUTES);
            String printed = String.join("\n", log);

            assertTrue(printed.contains("Gatehouse's database jdbc:h2:") && printed.contains("lies in the temporary folder")
                    && printed.contains("gatehouse.temporary-database=allow"), printed);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + PORT + "/gatehouse/health")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, health.statusCode(), health.body());
        } finally {
            micro.destroy();
            if (!micro.waitFor(60, TimeUnit.SECONDS)) {
                micro.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
