package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.PrefixMode;
import dev.gatehouse.core.upstream.EventStream;
import dev.gatehouse.core.upstream.SseEvent;
import dev.gatehouse.gateway.RawHttp;
import dev.gatehouse.gateway.web.ClientFacts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a relayed call stream ends once its credential ended. Revocation marks the call at once and then closes
 * the connection's upstream sessions on the revocation thread, while the cut itself waits for a client thread:
 * the upstream stream may therefore end under the relay before the relay hears of the cut. Whichever comes
 * first, the client's last message is the revoked error and the call is recorded once, as revoked.
 */
class StreamRelayEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
            + "\"_meta\":{\"progressToken\":\"p\"}}}";
    private static final String PROGRESS = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
            + "\"params\":{\"progressToken\":\"p\",\"progress\":1}}";

    /**
     * One exchange under test: its relay, the upstream stream's listener, what it recorded, and the stage the
     * relay last asked its upstream to pause until (the test, playing the upstream's reader, waits for it).
     */
    private record Relayed(StreamRelay relay, EventStream.Listener upstream, List<Ending> endings,
                           AtomicReference<CompletableFuture<Void>> paused) {
        /** Delivers an event as the upstream's reader does: the next one only once a pause asked for is over. */
        boolean deliver(SseEvent event) {
            CompletableFuture<Void> pause = paused.getAndSet(null);
            if (pause != null) {
                pause.join();
            }
            return upstream.onEvent(event);
        }
    }

    private final BlockingQueue<Relayed> relays = new LinkedBlockingQueue<>();
    private final AtomicReference<McpError> cutError = new AtomicReference<>();
    /** False: the upstream stream cannot pause for a slow client, as the 2024-11-05 transport's cannot. */
    private volatile boolean pausable = true;
    private Server jetty;
    private URI url;
    private ScheduledExecutorService timer;

    @BeforeEach
    void start() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new RelayingServlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            jetty.stop();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void upstreamStreamClosedAfterTheCredentialEndedEndsWithTheRevokedErrorBeforeTheCutArrives() throws Exception {
        CompletableFuture<List<JsonNode>> client = call();
        Relayed r = relayedAfterOneProgress();

        cutError.set(revoked());
        r.upstream().onEnd(EventStream.End.CANCELLED); // the revocation closed the upstream session first
        List<JsonNode> messages = client.get(10, TimeUnit.SECONDS);
        r.relay().revoked(() -> { }, revoked()); // the cut, late: nothing more happens

        assertEquals("notifications/progress", messages.get(0).path("method").asText());
        JsonNode last = messages.get(messages.size() - 1);
        assertEquals(7, last.path("id").asInt(), last.toString());
        assertEquals(-32046, last.path("error").path("code").asInt(), last.toString());
        assertEquals(1, r.endings().size(), r.endings().toString());
        assertEquals(Outcome.REVOKED, r.endings().get(0).outcome());
    }

    @Test
    void upstreamStreamThatBreaksAfterTheCredentialEndedIsRecordedRevokedNotAsTheServersFailure() throws Exception {
        CompletableFuture<List<JsonNode>> client = call();
        Relayed r = relayedAfterOneProgress();

        cutError.set(revoked());
        r.upstream().onEnd(EventStream.End.COMPLETE); // the server closed its stream on the session's DELETE
        List<JsonNode> messages = client.get(10, TimeUnit.SECONDS);

        JsonNode last = messages.get(messages.size() - 1);
        assertEquals(-32046, last.path("error").path("code").asInt(), last.toString());
        assertEquals(List.of(Outcome.REVOKED), r.endings().stream().map(Ending::outcome).toList());
    }

    @Test
    void upstreamStreamCancelledByTheGatewayWithTheCredentialStandingEndsWithoutAnAnswer() throws Exception {
        CompletableFuture<List<JsonNode>> client = call();
        Relayed r = relayedAfterOneProgress();

        r.upstream().onEnd(EventStream.End.CANCELLED); // the client ended its session
        List<JsonNode> messages = client.get(10, TimeUnit.SECONDS);

        assertEquals(1, messages.size(), messages.toString());
        assertFalse(messages.get(0).has("id"));
        assertEquals(List.of(Outcome.CANCELLED), r.endings().stream().map(Ending::outcome).toList());
    }

    @Test
    void nothingRelayedAfterTheRevokedError() throws Exception {
        CompletableFuture<List<JsonNode>> client = call();
        Relayed r = relayedAfterOneProgress();

        r.relay().revoked(() -> { }, revoked());
        boolean heard = r.upstream().onEvent(SseEvent.message(PROGRESS));
        List<JsonNode> messages = client.get(10, TimeUnit.SECONDS);

        assertFalse(heard);
        assertEquals(2, messages.size(), messages.toString());
        assertEquals(-32046, messages.get(1).path("error").path("code").asInt());
    }

    @Test
    void aClientThatStoppedReadingDoesNotHoldUpTheCut() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", url.getPort())) {
            idle.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + CALL.length() + "\r\n\r\n" + CALL)
                    .getBytes(StandardCharsets.UTF_8));
            idle.getOutputStream().flush(); // and never reads a byte of the answer
            Relayed r = relays.poll(10, TimeUnit.SECONDS);
            assertNotNull(r);
            String big = PROGRESS.replace("\"progress\":1", "\"progress\":1,\"message\":\"" + "x".repeat(64 * 1024) + "\"");
            AtomicInteger written = new AtomicInteger();
            Thread upstream = new Thread(() -> {
                while (r.deliver(SseEvent.message(big))) {
                    written.incrementAndGet();
                }
            }, "upstream-reader");
            upstream.start();
            // the relay pauses its upstream once more than the bound waits for the client
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (upstream.getState() != Thread.State.WAITING && upstream.getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the relay never paused for a client that does not read");
                Thread.onSpinWait();
            }

            AtomicBoolean told = new AtomicBoolean();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> r.relay().revoked(() -> told.set(true), revoked()));
            assertTrue(told.get(), "the upstream is told to stop while the client's write is still blocked");
        }
    }

    @Test
    void aClientThatStoppedReadingIsCutWhenItsUpstreamStreamCannotPause() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", url.getPort())) {
            Relayed r = cutForBeingTooSlow(idle);

            assertEquals(List.of(Outcome.CANCELLED), r.endings().stream().map(Ending::outcome).toList());
            assertTrue(r.endings().get(0).detail().startsWith("client too slow: "), r.endings().get(0).detail());
            idle.setSoTimeout(10_000);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    idle.getInputStream().readAllBytes();
                } catch (java.net.SocketException reset) {
                    // the connection was aborted: the end as well
                }
            }, "the client's connection is closed");
        }
    }

    @Test
    void aClientCutForBeingTooSlowThatReadsWithinTheGraceGetsWhatWaitedThenTheErrorLast() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", url.getPort())) {
            Relayed r = cutForBeingTooSlow(idle);

            idle.setSoTimeout(10_000); // reads at once: well within the grace
            RawHttp.Reply reply = RawHttp.parse(idle.getInputStream().readAllBytes());
            List<JsonNode> messages = new ArrayList<>();
            for (String line : reply.body().split("\n")) {
                if (line.startsWith("data:")) {
                    messages.add(JSON.readTree(line.substring(5).strip()));
                }
            }
            JsonNode last = messages.get(messages.size() - 1);
            assertEquals(7, last.path("id").asInt(), last.toString());
            assertEquals(-32800, last.path("error").path("code").asInt(), last.toString());
            assertTrue(last.path("error").path("message").asText().contains("client too slow: "), last.toString());
            assertTrue(messages.size() > 1 && messages.subList(0, messages.size() - 1).stream()
                    .allMatch(m -> "notifications/progress".equals(m.path("method").asText())), "what waited came first");
            assertEquals(-32800, r.endings().get(0).errorCode(), r.endings().toString());
        }
    }

    /**
     * Sends the call on {@code idle}, which reads nothing of the answer for now, and plays an upstream that cannot
     * pause sending big events until the relay hears no more: more than the bound waited for the client, it was cut.
     */
    private Relayed cutForBeingTooSlow(Socket idle) throws Exception {
        pausable = false;
        idle.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: " + CALL.length()
                + "\r\n\r\n" + CALL).getBytes(StandardCharsets.UTF_8));
        idle.getOutputStream().flush();
        Relayed r = relays.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        String big = PROGRESS.replace("\"progress\":1", "\"progress\":1,\"message\":\"" + "x".repeat(64 * 1024) + "\"");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (r.upstream().onEvent(SseEvent.message(big))) {
                Thread.onSpinWait();
            }
        });
        return r;
    }

    /** The exchange the servlet started for the call, once the upstream relayed one progress notification on it. */
    private Relayed relayedAfterOneProgress() throws InterruptedException {
        Relayed r = relays.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        r.upstream().onEvent(SseEvent.message(PROGRESS));
        return r;
    }

    /** POSTs the call and reads its whole event stream: the messages, in order. */
    private CompletableFuture<List<JsonNode>> call() {
        HttpRequest post = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).build();
        return HttpClient.newHttpClient().sendAsync(post, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
            List<JsonNode> messages = new ArrayList<>();
            response.body().filter(line -> line.startsWith("data:")).forEach(line -> {
                try {
                    messages.add(JSON.readTree(line.substring(5).strip()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return messages;
        });
    }

    private static McpError revoked() {
        return McpError.revoked(((JsonRpcMessage.Request) parse(CALL)).id());
    }

    private static JsonRpcMessage parse(String json) {
        return ((JsonRpcParser.Result.Parsed) new JsonRpcParser().parse(json.getBytes(StandardCharsets.UTF_8))).message();
    }

    /** Starts the exchange like the gateway servlet and relays a stream the test plays the upstream of. */
    private final class RelayingServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            byte[] body = CALL.getBytes(StandardCharsets.UTF_8);
            JsonRpcMessage.Request message = (JsonRpcMessage.Request) parse(CALL);
            Gateway gateway = new Gateway("g1", "Gateway", "gw", null, List.of(), Instant.now(), PrefixMode.ALWAYS,
                    Gateway.DEFAULT_SEPARATOR);
            McpCall call = new McpCall(new Inbound(null, new ClientFacts("127.0.0.1", "test", "corr-1", System.nanoTime()),
                    Optional.empty()), gateway, null, null, message, body, null);
            ForwardedRequest forwarded = ForwardedRequest.of(new JsonRpcParser(), message, body, "s1", null, true);
            ClientLeg leg = ClientLeg.start(request, response, AcceptedTypes.parse(request.getHeader("Accept")),
                    Duration.ofSeconds(30), new ClientLimits(ClientLimits.DEFAULT_BACKLOG_BYTES, ClientLimits.DEFAULT_CUT_GRACE, timer));
            List<Ending> endings = new CopyOnWriteArrayList<>();
            AtomicReference<EventStream.Listener> upstream = new AtomicReference<>();
            AtomicReference<CompletableFuture<Void>> paused = new AtomicReference<>();
            EventStream events = new EventStream() {
                @Override
                public void open(Listener listener) {
                    upstream.set(listener);
                }

                @Override
                public void cancel() {
                    // the test plays the upstream: it ends the stream itself
                }

                @Override
                public boolean pauseUntil(java.util.concurrent.CompletionStage<Void> caughtUp) {
                    if (!pausable) {
                        return false;
                    }
                    paused.set(caughtUp.toCompletableFuture()); // the test's reader waits for it (Relayed#deliver)
                    return true;
                }
            };
            StreamRelay relay = new StreamRelay(call, forwarded, leg, events, System.nanoTime(), NO_RULES,
                    ending -> {
                        endings.add(ending);
                        return CompletableFuture.completedFuture(null);
                    }, id -> null, cutError::get);
            events.open(relay);
            relays.add(new Relayed(relay, upstream.get(), endings, paused));
        }
    }

    private static final ReplyRules NO_RULES = new ReplyRules() {
        @Override
        public CompletableFuture<ForwardedRequest.Back.Final> answer(ForwardedRequest.Back.Final answer) {
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public CompletableFuture<byte[]> relayed(byte[] json) {
            return CompletableFuture.completedFuture(json);
        }

        @Override
        public boolean active() {
            return false;
        }
    };
}
