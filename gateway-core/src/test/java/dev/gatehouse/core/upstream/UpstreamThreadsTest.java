package dev.gatehouse.core.upstream;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.NodeThreads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What the upstream client's threads bound, and what they do not. */
class UpstreamThreadsTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final byte[] PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    /**
     * More exchanges in flight than the node has upstream threads, each held by the upstream until all of them
     * have arrived: on Jetty's client no thread waits for an answer, so all are sent and all answered (with a
     * thread waiting per exchange, as on {@code java.net.http}'s {@code send}, only two would ever be sent and
     * every one would end at its read timeout). Catalogue 560.
     */
    @Test
    void postWhenMoreExchangesInFlightThanThreadsThenEveryOneIsSentAndAnswered() throws Exception {
        int inFlight = 12;
        CountDownLatch arrived = new CountDownLatch(inFlight);
        try (FakeUpstream up = new FakeUpstream(x -> {
            FakeUpstream.body(x);
            arrived.countDown();
            try {
                arrived.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeUpstream.reply(x, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        }); UpstreamClient twoThreads = new UpstreamClient(NodeThreads.plain(), 2, UpstreamClient.HttpClientKind.JETTY)) {
            UpstreamServer server = up.record(null, null, LONG);
            List<CompletableFuture<UpstreamResponse>> replies = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                replies.add(twoThreads.post(server, UpstreamRequest.of(PING)));
            }
            for (CompletableFuture<UpstreamResponse> reply : replies) {
                assertInstanceOf(UpstreamResponse.Json.class, reply.get(30, TimeUnit.SECONDS));
            }
        }
    }
}
