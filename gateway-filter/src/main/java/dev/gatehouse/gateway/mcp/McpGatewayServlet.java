package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import dev.gatehouse.gateway.web.PublicUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A gateway's MCP endpoint, {@code /mcp/{gatewaySlug}}, speaking the streamable HTTP transport (MCP
 * specification 2025-06-18 and 2025-11-25, "Transports") to clients and to the gateway's upstream
 * server. Requests arrive authenticated ({@code BearerAuthFilter}). Per POST: read and validate the
 * message, audit a {@code tools/call} durably first (fail closed), forward it, relay the reply, audit
 * the outcome. The upstream exchange runs asynchronously; no servlet thread waits on an upstream.
 */
public final class McpGatewayServlet extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(McpGatewayServlet.class.getName());
    /** Beyond the upstream's own deadline, a last bound on an exchange should every deadline below fail. */
    private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(30);

    private transient McpRequestReader reader;
    private transient TransportCheck transport;
    private transient CallAudit audit;
    private transient UpstreamForwarder forwarder;
    private transient ReplyRelay relay;
    private transient Duration durableWait;

    @Override
    public void init() {
        Gatehouse runtime = GatehouseRuntimeListener.runtime(getServletContext());
        GatehouseSettings settings = runtime.settings();
        transport = new TransportCheck(new OriginPolicy(settings.allowedOrigins(), new PublicUrls(settings.publicBaseUrl())));
        reader = new McpRequestReader(runtime.catalog(), transport, new BodyReader(settings.maxRequestBytes()));
        durableWait = settings.durableAuditWait();
        audit = new CallAudit(runtime.audit(), durableWait);
        forwarder = new UpstreamForwarder(runtime.upstream(), runtime.upstreamSessions());
        relay = new ReplyRelay(new JsonRpcParser());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "POST" -> post(request, response);
            case "DELETE" -> delete(request, response);
            default -> {
                // listening streams (GET) come with a later release; clients treat 405 as "none offered"
                response.setHeader("Allow", "POST, DELETE");
                answer(response, McpError.methodNotAllowed());
            }
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Intake intake = reader.read(request, Inbound.of(request));
        if (intake instanceof Intake.Refused refused) {
            refuse(response, refused);
            return;
        }
        McpCall call = ((Intake.Accepted) intake).call();
        if (call.plan() == AuditPlan.CALL && !recordStart(call, response)) {
            return;
        }
        forward(call, ClientLeg.start(request, response, call.headers().accept(), backstop(call)));
    }

    /** The durable CALL_STARTED record; without it the call is refused and never reaches the upstream. */
    private boolean recordStart(McpCall call, HttpServletResponse response) throws IOException {
        try {
            audit.started(call);
            return true;
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.ERROR, "tools/call refused, audit log unavailable: " + e.getMessage());
            answer(response, McpError.auditUnavailable(call.id()));
            return false;
        }
    }

    /** Sends the call upstream and relays the answer; the servlet thread returns at once. */
    private void forward(McpCall call, ClientLeg leg) {
        long upstreamStart = System.nanoTime();
        CompletableFuture.completedFuture(call).thenCompose(forwarder::send)
                .thenAccept(reply -> {
                    if (call.expectsReply()) {
                        relay.relay(call, reply, leg, upstreamStart, ending -> audit.completed(call, ending));
                    } else {
                        relay.relayAccepted(call, reply, leg);
                    }
                })
                .exceptionally(e -> unexpected(call, leg, e));
    }

    /** Ends the client's session at the upstream (MCP transport: DELETE with {@code Mcp-Session-Id}). */
    private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Inbound inbound = Inbound.of(request);
        McpRequestReader.Target target = reader.target(inbound);
        TransportCheck.Result checked = transport.checkDelete(request);
        if (target.error() != null || checked instanceof TransportCheck.Result.Failed) {
            McpError error = target.error() != null ? target.error() : ((TransportCheck.Result.Failed) checked).error();
            refuse(response, new Intake.Refused(inbound, error, "DELETE"));
            return;
        }
        TransportHeaders headers = ((TransportCheck.Result.Passed) checked).headers();
        UpstreamServer server = target.server().server();
        ClientLeg leg = ClientLeg.start(request, response, headers.accept(), server.readTimeout().plus(BACKSTOP_MARGIN));
        CompletableFuture.completedFuture(headers).thenCompose(h -> forwarder.delete(server, h))
                .thenAccept(reply -> relay.relayDelete(reply, leg))
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.ERROR, "DELETE relay failed", e);
                    leg.error(McpError.internal(JsonRpcId.NULL));
                    leg.complete();
                    return null;
                });
    }

    private void refuse(HttpServletResponse response, Intake.Refused refused) throws IOException {
        audit.rejected(refused);
        answer(response, refused.error());
    }

    private Void unexpected(McpCall call, ClientLeg leg, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "relay of " + call.method() + " failed", e);
        ReplyRelay.fail(McpError.internal(call.id()), leg, null, ending -> audit.completed(call, ending));
        return null;
    }

    private Duration backstop(McpCall call) {
        return call.server().readTimeout().plus(durableWait).plus(BACKSTOP_MARGIN);
    }

    private static void answer(HttpServletResponse response, McpError error) throws IOException {
        JsonReply.write(response, error.status(), error.body());
    }
}
