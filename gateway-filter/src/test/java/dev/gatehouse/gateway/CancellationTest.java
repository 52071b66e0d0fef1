package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that leaves mid-stream makes Gatehouse cancel the upstream request (MCP "Cancellation"). */
@ExtendWith(SharedGateway.class)
class CancellationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamWhenClientDisconnectsAfterFirstProgressThenUpstreamGetsCancelledForThatRequest(GatewayHarness gw) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":57,\"delayMs\":100},\"_meta\":{\"progressToken\":\"leaving\"}}}";
        URI base = URI.create(gw.baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + gw.quickstartToken + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("notifications/progress")) {
                    assertTrue(line.contains("\"progressToken\":\"leaving\""), line);
                    break;
                }
            }
        }
        JsonNode forwarded = JSON.readTree(gw.upstream.seen.stream().filter(s -> s.body().contains("\"count\":57"))
                .findFirst().orElseThrow().body());
        String cancelled = "\"requestId\":" + forwarded.get("id");
        assertTrue(eventually(gw, s -> s.contains("notifications/cancelled") && s.contains(cancelled)).isPresent(),
                "the upstream was told to cancel " + forwarded.get("id"));
    }

    /** The cancellation is sent after the disconnect is noticed; wait for it, bounded. */
    private static Optional<String> eventually(GatewayHarness gw, java.util.function.Predicate<String> match) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            Optional<String> found = gw.upstream.seen.stream().map(UpstreamRecorder.Seen::body).filter(match).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }
}
