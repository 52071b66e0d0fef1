package dev.gatehouse.core.upstream;

import dev.gatehouse.core.model.UpstreamServer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12's {@link HttpClient} set up as the gateway's upstream client, with the same promises as the
 * {@code java.net.http} one: redirects relayed, never followed (one would replay the upstream credential to
 * another origin); no cookie store (cookies set by an upstream must not pass between clients); no
 * {@code Accept-Encoding} of its own (only the headers the gateway chooses travel); no connect or idle
 * timeout of its own (each server's connect and read timeouts are the exchange's deadlines, and a listen
 * stream stays open as long as its client keeps it); no bound on connections per server beyond the node's
 * (every open listen stream holds one, as with {@code java.net.http}). Its threads are the node's: the
 * readers' pool runs its selector and its reads, the deadline timer its timers.
 */
final class JettyUpstreamClient {
    /**
     * How long a pooled idle connection is kept for the next exchange (an exchange sets none of its own): less
     * than the 5 s after which Node's and uvicorn's servers (most MCP servers) close an idle connection, so that
     * the gateway never sends a call into a close already on its way (the call would fail as unreachable with
     * nothing the gateway may retry: a tools/call is not idempotent). 4 s, as Node's own client (undici) chose.
     */
    static final Duration IDLE_POOLED = Duration.ofSeconds(4);
    /** Beyond every server's connect timeout: the exchange's own deadline ends a connect first. */
    private static final Duration CONNECT_BACKSTOP = Duration.ofHours(1);

    private JettyUpstreamClient() {
    }

    static HttpClient start(Executor workers, ScheduledExecutorService timer) {
        HttpClient client = new HttpClient();
        client.setName("gatehouse-upstream");
        client.setExecutor(workers);
        client.setScheduler(new NodeScheduler(timer));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, UpstreamClient.USER_AGENT));
        client.setConnectTimeout(CONNECT_BACKSTOP.toMillis());
        client.setIdleTimeout(IDLE_POOLED.toMillis());
        client.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the upstream HTTP client did not start", e);
        }
        return client;
    }

    /** A request to the server's MCP endpoint with the transport headers and credential; no timeout of Jetty's own. */
    static Request request(HttpClient client, UpstreamServer server, String sessionId, String protocolVersion,
                           Optional<UpstreamServer.Credential> credential) {
        return client.newRequest(server.url())
                // while an exchange is on it, a connection never idles out: the exchange's deadlines govern it
                .idleTimeout(0, TimeUnit.MILLISECONDS)
                .headers(h -> {
                    if (sessionId != null) {
                        h.put(McpHeaders.SESSION_ID, sessionId);
                    }
                    if (protocolVersion != null) {
                        h.put(McpHeaders.PROTOCOL_VERSION, protocolVersion);
                    }
                    credential.ifPresent(c -> h.put(c.headerName(), c.value()));
                });
    }

    static void stop(HttpClient client) {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: its connections close with the process
        }
    }
}
