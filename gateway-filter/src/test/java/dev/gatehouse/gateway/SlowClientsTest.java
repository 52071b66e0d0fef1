package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that stop reading (issue 15): writes to clients never block a thread, so clients that stopped reading
 * cost no container thread and other clients' calls are still answered; a call's client that falls behind by more
 * than its bound pauses its upstream's stream, and gets everything in order once it reads again; a listen stream's
 * client that falls behind is cut (logged, recorded, the stream's last comment saying why); a stalled client whose
 * credential ends gets what waited for it and the revoked error if it reads again within the cut's grace
 * ({@link #GRACE}), and is disconnected when the grace ends if it does not, not at the container's idle timeout,
 * with no thread waiting out any grace. Raw sockets with small receive buffers that read
 * nothing, a gateway whose container has {@link #CONTAINER_THREADS} threads, whose upstream client reads on
 * {@link #UPSTREAM_THREADS}, with a write bound of {@link #BACKLOG} bytes, and an upstream that sends as fast as it is
 * read ({@link Firehose}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2025-11-25";
    private static final int CONTAINER_THREADS = 16;
    /** The gateway's upstream readers: a relay blocked on its client held one. */
    private static final int UPSTREAM_THREADS = 8;
    private static final int SLOW_READERS = 20;
    private static final int BACKLOG = 64 * 1024;
    /** A cut client's grace: long enough for the test to start reading on a loaded machine, short for the other case. */
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private GatewayHarness gw;
    private Firehose fire;
    private String token;

    @BeforeAll
    void start() throws Exception {
        gw = GatewayHarness.withContainerThreads(CONTAINER_THREADS, Map.of("mcp.client-backlog-bytes", Integer.toString(BACKLOG),
                "mcp.client-cut-grace-ms", Long.toString(GRACE.toMillis()), "upstream-threads", Integer.toString(UPSTREAM_THREADS)));
        fire = new Firehose();
        UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Firehose", "firehose", fire.url, null, null,
                null, Duration.ofSeconds(120)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Firehose", "firehose", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        token = connect().token();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            fire.close();
        } finally {
            gw.close();
        }
    }

    @BeforeEach
    void noFloodLeft() {
        await(() -> fire.writers.isEmpty(), "the previous test's floods ended");
    }

    @Test
    @Timeout(180)
    void moreClientsThatStoppedReadingThanContainerThreadsWhileOtherClientsCallsAreStillAnswered() throws Exception {
        List<StalledClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_READERS; i++) {
                slow.add(StalledClient.post(gw.baseUrl, token, flood("stalled-" + i, Firehose.CALL_EVENTS)));
            }
            await(() -> fire.stalled(SLOW_READERS), "every flood waits for its client");

            othersAreAnswered();
        } finally {
            for (StalledClient c : slow) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(180)
    void moreClientsThatStoppedReadingThanContainerThreadsAllRevokedAtOnceHoldNoThreadThroughTheirGrace() throws Exception {
        IssuedConnection connection = connect();
        List<StalledClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_READERS; i++) {
                slow.add(StalledClient.post(gw.baseUrl, connection.token(), flood("revoked-" + i, Firehose.CALL_EVENTS)));
            }
            await(() -> fire.stalled(SLOW_READERS), "every flood waits for its client");

            assertTrue(gw.gatehouse.connections().deleteConnection(connection.connection().id(), "admin"));
            long revoked = System.nanoTime();
            for (int i = 0; i < SLOW_READERS; i++) {
                assertEquals(Outcome.REVOKED, gw.completed("revoked-" + i).outcome());
            }
            othersAreAnswered(); // meanwhile (the graces run on one timer): no container thread waits one out
            await(() -> slow.stream().noneMatch(this::connected), GRACE.plusSeconds(2).minusNanos(System.nanoTime() - revoked),
                    "every stalled client was disconnected when its grace ended");
        } finally {
            for (StalledClient c : slow) {
                c.close();
            }
        }
    }

    /** Other clients' calls are answered, twice as many as the container has threads. */
    private void othersAreAnswered() throws Exception {
        for (int i = 0; i < 2 * CONTAINER_THREADS; i++) {
            HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                    "{\"jsonrpc\":\"2.0\",\"id\":\"other-" + i + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                            + "\"arguments\":{\"message\":\"still here " + i + "\"}}}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("still here " + i), r.body());
        }
    }

    @Test
    @Timeout(180)
    void aCallsClientOverItsBoundPausesTheUpstreamAndGetsEveryEventInOrderOnceItReads() throws Exception {
        int events = 600; // far more than the buffers on the way hold
        try (StalledClient client = StalledClient.post(gw.baseUrl, token, flood("paused", events))) {
            await(() -> fire.stalled(1), "the upstream waits: the gateway stopped reading it");

            List<JsonNode> messages = client.messages();
            assertEquals(events + 1, messages.size());
            for (int i = 0; i < events; i++) {
                assertEquals(i + 1, messages.get(i).path("params").path("progress").asInt(), "in order, none lost");
            }
            JsonNode answer = messages.get(events);
            assertEquals("paused", answer.path("id").asText(), answer.toString());
            assertEquals("flooded", answer.path("result").path("content").path(0).path("text").asText());
        }
        assertEquals(Outcome.SUCCESS, gw.completed("paused").outcome());
    }

    @Test
    @Timeout(120)
    void aListenStreamsClientOverItsBoundIsCutLoggedAndRecorded() throws Exception {
        java.util.Set<String> before = listenCuts();
        try (StalledClient client = StalledClient.listen(gw.baseUrl, token, session(token))) {
            AuditEvent cut = listenCut(before);
            assertEquals(Outcome.CANCELLED, cut.outcome());
            assertTrue(LogCapture.text().contains("listen stream " + cut.correlationId() + " cut: client too slow"),
                    "the log line names the stream");
            await(() -> !connected(client), Duration.ofSeconds(10), "the client's connection was closed, without it reading");
        }
        await(() -> fire.writers.isEmpty(), "the upstream's listen stream was closed with it");
    }

    @Test
    @Timeout(120)
    void aListenStreamsClientCutForBeingTooSlowThatReadsWithinTheGraceGetsWhatWaitedThenWhyLast() throws Exception {
        java.util.Set<String> before = listenCuts();
        try (StalledClient client = StalledClient.listen(gw.baseUrl, token, session(token))) {
            listenCut(before);

            RawHttp.Reply reply = client.reply(); // reads at once: well within the grace
            List<String> lines = java.util.Arrays.stream(reply.body().split("\n")).filter(l -> !l.isBlank()).toList();
            String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith(": client too slow: ") && last.endsWith(" bytes waiting for it"), last);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("notifications/message")),
                    "what waited came first");
        }
        await(() -> fire.writers.isEmpty(), "the upstream's listen stream was closed with it");
    }

    @Test
    @Timeout(120)
    void aClientThatStoppedReadingIsDisconnectedWhenTheGraceEndsWhenItsCredentialEnds() throws Exception {
        try (StalledClient client = stalledThenRevoked("cut")) {
            long recorded = System.nanoTime();
            await(() -> fire.received.stream().anyMatch(b -> b.contains("notifications/cancelled")
                    && b.contains("credential revoked")), "the upstream was told to stop");
            // the container's idle timeout (30 s) would end it too, later: the cut's grace ends it first
            await(() -> !connected(client), GRACE.plusSeconds(2), "the stalled client was disconnected when the grace ended");
            System.out.println("disconnected " + Duration.ofNanos(System.nanoTime() - recorded).toMillis()
                    + " ms after the revoked record (grace " + GRACE.toMillis() + " ms)");
        }
    }

    @Test
    @Timeout(120)
    void aClientThatStoppedReadingAndReadsAgainWithinTheGraceGetsWhatWaitedThenTheRevokedErrorLast() throws Exception {
        try (StalledClient client = stalledThenRevoked("graced")) {
            List<JsonNode> messages = client.messages(); // starts reading well within the grace
            JsonNode last = messages.get(messages.size() - 1);
            assertEquals("graced", last.path("id").asText(), last.toString());
            assertEquals(-32046, last.path("error").path("code").asInt(), last.toString());
            List<JsonNode> progress = messages.subList(0, messages.size() - 1);
            assertTrue(progress.size() > 0, "what waited for the client reached it");
            for (int i = 0; i < progress.size(); i++) {
                assertEquals(i + 1, progress.get(i).path("params").path("progress").asInt(), "what waited, in order, none lost");
            }
        }
    }

    /**
     * A call's client (request id {@code id}) that stopped reading, its upstream's stream paused, whose connection
     * was then deleted: returned once the call is recorded revoked (the cut's grace has just begun).
     */
    private StalledClient stalledThenRevoked(String id) throws Exception {
        IssuedConnection connection = connect();
        StalledClient client = StalledClient.post(gw.baseUrl, connection.token(), flood(id, Firehose.CALL_EVENTS));
        try {
            await(() -> fire.stalled(1), "the upstream waits: the gateway stopped reading it");
            assertTrue(gw.gatehouse.connections().deleteConnection(connection.connection().id(), "admin"));
            assertEquals(Outcome.REVOKED, gw.completed(id).outcome());
            return client;
        } catch (Exception | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** The correlation ids of the listen streams cut so far: a later cut is this test's. */
    private java.util.Set<String> listenCuts() {
        return gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream().filter(SlowClientsTest::listenCut)
                .map(AuditEvent::correlationId).collect(java.util.stream.Collectors.toSet());
    }

    /** The record of a listen stream cut for being too slow, not among {@code before}. */
    private AuditEvent listenCut(java.util.Set<String> before) throws InterruptedException {
        return gw.awaitAudit(e -> listenCut(e) && !before.contains(e.correlationId()), "no record of the cut");
    }

    private static boolean listenCut(AuditEvent e) {
        return e.kind() == AuditKind.REQUEST && "GET".equals(e.method()) && e.detail() != null
                && e.detail().startsWith("listen stream cut: client too slow");
    }

    private IssuedConnection connect() {
        return gw.gatehouse.connections().connect(gw.host.id(), "firehose", null, "alice");
    }

    private static String flood(String id, int events) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"flood\","
                + "\"arguments\":{\"events\":" + events + "},\"_meta\":{\"progressToken\":\"" + id + "\"}}}";
    }

    private String session(String bearer) throws Exception {
        return McpHttp.openSession(gw.gatewayUrl("firehose"), bearer, VERSION);
    }

    /** True while the gateway's container holds a connection from the client (seen from the server's side). */
    private boolean connected(StalledClient client) {
        return java.util.Arrays.stream(gw.jetty.getConnectors())
                .flatMap(c -> ((org.eclipse.jetty.server.ServerConnector) c).getConnectedEndPoints().stream())
                .anyMatch(e -> e.getRemoteSocketAddress() instanceof InetSocketAddress a && a.getPort() == client.localPort());
    }

    /** Waits, bounded, for a condition of the system under test. */
    private static void await(BooleanSupplier condition, String what) {
        await(condition, WAIT, what);
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A client that sends its request and reads nothing of the answer until told to (a small receive buffer). */
    private static final class StalledClient implements AutoCloseable {
        private final Socket socket;

        private StalledClient(String baseUrl, String request) throws IOException {
            URI base = URI.create(baseUrl);
            socket = new Socket();
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        /** A listen stream (GET) of the firehose gateway's session, the connection closed after the answer. */
        static StalledClient listen(String baseUrl, String bearer, String session) throws IOException {
            return new StalledClient(baseUrl, "GET /gatehouse/mcp/firehose HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + bearer + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: "
                    + VERSION + "\r\nConnection: close\r\n\r\n");
        }

        /** A POST of {@code json} to the firehose gateway, the connection closed after the answer. */
        static StalledClient post(String baseUrl, String bearer, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return new StalledClient(baseUrl, "POST /gatehouse/mcp/firehose HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + bearer + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n" + json);
        }

        /** Reads the whole answer, to the end of the connection: the JSON-RPC messages of its event stream, in order. */
        List<JsonNode> messages() throws IOException {
            RawHttp.Reply reply = reply();
            List<JsonNode> messages = new ArrayList<>();
            for (String line : reply.body().split("\n")) {
                if (line.startsWith("data:")) {
                    messages.add(JSON.readTree(line.substring(5).strip()));
                }
            }
            return messages;
        }

        /** Reads the whole answer, to the end of the connection (an aborted connection fails). */
        RawHttp.Reply reply() throws IOException {
            socket.setSoTimeout((int) WAIT.toMillis());
            RawHttp.Reply reply = RawHttp.parse(socket.getInputStream().readAllBytes());
            assertEquals(200, reply.status());
            return reply;
        }

        int localPort() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
