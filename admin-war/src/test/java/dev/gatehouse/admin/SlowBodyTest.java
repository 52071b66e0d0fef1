package dev.gatehouse.admin;

import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.approval.HeldCall;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container that fails a body read with an unchecked exception: Jetty's minimum request data rate, measured
 * from a body's first chunk, throws {@code BadMessageException} (408) into the reading servlet when a small body
 * comes in two parts with a pause between them. The admin API answered that with 500 (a late approval in
 * ClusterTest under load, where 409 was due); the body that could not be read is the client's fault: 400 with a
 * problem body, never a server error. The launcher no longer sets such a rate (ConnectorLimits); a container
 * might.
 */
@Timeout(60)
class SlowBodyTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void decisionWhenTheContainerFailsTheBodyReadThen400ProblemNever500() throws Exception {
        ((ServerConnector) server.jettyServer().getConnectors()[0]).getConnectionFactory(HttpConnectionFactory.class)
                .getHttpConfiguration().setMinRequestDataRate(1024);
        ApprovalDesk.Hold hold = server.gatehouse().governance().approvals().hold(new HeldCall("quickstart", "host-1",
                "CI bot", "conn-1", "Ab3dE6gH", "demo", "demo__delete", "rule-1", "approve deletes",
                null, Duration.ofMinutes(5), "corr-slow"));
        String first = "{\"reason\":";
        String second = "\"late\"}";
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + AdminServer.CONTEXT + "/api/approvals/" + hold.id() + "/approve HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + AdminServer.basic("admin", "admin-pw") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (first.length() + second.length()) + "\r\nConnection: close\r\n\r\n" + first)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500); // the pause between the parts: 10 bytes in 0.5 s is far below 1 KiB/s
            out.write(second.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("\r\nContent-Type: application/problem+json\r\n"), response);
            assertTrue(response.endsWith("\"detail\":\"the request body could not be read\"}"), response);
        }
    }
}
