package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.GatewayDescription;
import dev.gatehouse.core.mcp.GatewayLists;
import dev.gatehouse.core.mcp.GatewayRouter;
import dev.gatehouse.core.mcp.NameIndex;
import dev.gatehouse.core.mcp.OwnRequests;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.telemetry.CallTracing;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.gateway.GatehouseRuntimeListener;
import dev.gatehouse.gateway.web.JsonReply;
import dev.gatehouse.gateway.web.PublicUrls;
import dev.gatehouse.gateway.web.UnreadBody;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;

/**
 * A gateway's MCP endpoint, {@code /mcp/{gatewaySlug}}, speaking the streamable HTTP transport (MCP
 * 2025-03-26 to 2025-11-25, "Transports", and the stateless 2026-07-28) to clients, and as a client to
 * each of the gateway's servers. Requests arrive authenticated ({@code BearerAuthFilter}). Per POST:
 * read and validate the message, find the client's Gatehouse session, and let the dispatcher answer it
 * (Gatehouse itself, every server merged, or the one server it routes to, a {@code tools/call} only
 * after its audit record is durable). GET opens the session's listen stream ({@link ListenStreams}), DELETE
 * ends the session. No servlet thread waits on an upstream.
 */
public final class McpGatewayServlet extends HttpServlet {
    /** Beyond the upstream's own deadline, a last bound on an exchange should every deadline below fail. */
    private static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(30);
    /** How long initialize waits for the servers' capabilities; a slower server contributes none. */
    private static final Duration DESCRIBE_WAIT = Duration.ofSeconds(5);
    /** Servlet context init parameter (or system property): keep-alive interval of listen streams, ms. */
    public static final String KEEP_ALIVE_SETTING = "gatehouse.mcp.keep-alive-ms";
    private static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

    private transient McpRequestReader reader;
    private transient TransportCheck transport;
    private transient CallAudit audit;
    private transient SessionGate sessions;
    private transient SessionUpstreams upstreams;
    private transient McpDispatcher dispatcher;
    private transient Duration durableWait;
    private transient ListenStreams listens;
    /** What bounds the bytes on their way to one client: its backlog and a cut's grace. */
    private transient ClientLimits clientLimits;
    private transient KeepAlive keepAlive;
    private transient GovernedCalls governed;
    private transient AutoCloseable streamGauge;
    private transient CallTracing tracing;

    @Override
    public void init() {
        Gatehouse runtime = GatehouseRuntimeListener.runtime(getServletContext());
        GatehouseSettings settings = runtime.settings();
        tracing = runtime.telemetry().tracing();
        transport = new TransportCheck(new OriginPolicy(settings.allowedOrigins(), new PublicUrls(settings.publicBaseUrl()),
                settings.publicBaseUrl()));
        reader = new McpRequestReader(runtime.catalog(), runtime.identityResolver(), transport, new BodyReader(settings.maxRequestBytes()));
        durableWait = settings.durableAuditWait();
        audit = new CallAudit(runtime.audit(), durableWait, runtime.telemetry().calls());
        sessions = new SessionGate(runtime.sessions());
        upstreams = runtime.sessionUpstreams();
        OwnRequests requests = new OwnRequests(upstreams, runtime.circuits());
        NameIndex index = new NameIndex();
        var credentials = runtime.credentials();
        MessageRules messages = new MessageRules(runtime.governance().calls(), upstreams);
        governed = new GovernedCalls(runtime.governance().calls(), messages, grant -> {
            try {
                return credentials.stillValid(grant);
            } catch (RuntimeException e) {
                return false; // fail closed: a held call is not sent on a credential that cannot be checked
            }
        });
        GatewayLists lists = new GatewayLists(requests, index, governed::visibleTools);
        LocalAnswers local = new LocalAnswers(new GatewayDescription(runtime.upstreamSessions(), DESCRIBE_WAIT),
                runtime.sessions(), upstreams, requests, audit);
        keepAlive = new KeepAlive(keepAliveInterval(), runtime.threads().timer("gatehouse-keepalive"));
        clientLimits = ClientLimits.of(this::setting, runtime.threads().timer("gatehouse-client-cuts"));
        listens = new ListenStreams(runtime.upstream(), upstreams, runtime.sessions(), keepAlive, credentials, messages,
                runtime.eventIds());
        streamGauge = runtime.metrics().gauge("gatehouse.streams.open", "Listen streams (GET) open on this node",
                "{stream}", listens::size);
        dispatcher = new McpDispatcher(local, lists, new GatewayRouter(lists, index),
                new UpstreamForwarder(upstreams, audit, keepAlive, governed,
                        new UpstreamCircuit(runtime.circuits()), runtime.eventIds(), runtime.upstreamOAuth()::stepUp), audit,
                governed, messages,
                (call, leg) -> RevocableCall.watch(call, leg, credentials, runtime.governance().calls()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "POST" -> post(request, response);
            case "DELETE" -> delete(request, response);
            case "GET" -> get(request, response);
            default -> {
                response.setHeader("Allow", "GET, POST, DELETE");
                UnreadBody.closeAfter(request, response);
                answer(response, McpError.methodNotAllowed());
            }
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Intake intake = reader.read(request, Inbound.of(request, tracing));
        if (intake instanceof Intake.Refused refused) {
            UnreadBody.closeAfter(request, response); // refused before its body was read: 413, 415, 406, 403
            refuse(response, refused);
            return;
        }
        McpCall call = ((Intake.Accepted) intake).call();
        SessionGate.Found found;
        try {
            found = call.stateless() ? new SessionGate.Found.None()
                    : sessions.find(call.headers().sessionId(), call.inbound().grant());
        } catch (RuntimeException e) {
            refuse(response, new Intake.Refused(call.inbound(), McpError.unavailable(call.id()), call.method()));
            return;
        }
        if (found instanceof SessionGate.Found.NotFound) {
            refuse(response, new Intake.Refused(call.inbound(), McpError.sessionNotFound(call.id()), call.method()));
            return;
        }
        if (found instanceof SessionGate.Found.Live live) {
            call = call.inSession(live.session());
        }
        dispatcher.dispatch(call, ClientLeg.start(request, response, call.headers().accept(), backstop(call.gateway()),
                clientLimits));
    }

    /**
     * A deployment's setting ({@code gatehouse.NAME}): the servlet context's init parameter, else the system
     * property, else the environment variable {@code GATEHOUSE_NAME} ({@link SettingsSource}), else null.
     */
    private String setting(String name) {
        String value = getServletContext().getInitParameter(name);
        return value != null ? value : SettingsSource.system().get(name.substring("gatehouse.".length())).orElse(null);
    }

    /** How often an idle event stream (listen, or POST once open) gets a keep-alive comment: init parameter, system property, or 15 s. */
    private Duration keepAliveInterval() {
        String value = setting(KEEP_ALIVE_SETTING);
        if (value == null || value.isBlank()) {
            return DEFAULT_KEEP_ALIVE;
        }
        try {
            long millis = Long.parseLong(value.strip());
            if (millis < 10) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEEP_ALIVE_SETTING + " must be a number of milliseconds (at least 10): " + value);
        }
    }

    @Override
    public void destroy() {
        if (listens != null) {
            try {
                streamGauge.close();
            } catch (Exception e) {
                // the SDK's gauges close quietly
            }
            listens.close();
            keepAlive.close();
            clientLimits.timer().shutdownNow();
        }
    }

    /**
     * Opens the session's listen stream (MCP transport: GET): 200 with an event stream at once, the
     * servers' own messages relayed as they come ({@link ListenStreams}).
     */
    private void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Inbound inbound = Inbound.of(request);
        McpRequestReader.Target target = reader.target(inbound);
        TransportCheck.Result checked = transport.checkGet(request);
        if (target.error() != null || checked instanceof TransportCheck.Result.Failed) {
            McpError error = target.error() != null ? target.error() : ((TransportCheck.Result.Failed) checked).error();
            refuse(response, new Intake.Refused(inbound, error, "GET"));
            return;
        }
        TransportHeaders headers = ((TransportCheck.Result.Passed) checked).headers();
        if (McpMethods.STATELESS_VERSION.equals(headers.protocolVersion())) {
            response.setHeader("Allow", "POST");
            refuse(response, new Intake.Refused(inbound, McpError.listenNotOffered(), "GET"));
            return;
        }
        SessionGate.Found found;
        try {
            found = sessions.find(headers.sessionId(), inbound.grant());
        } catch (RuntimeException e) {
            refuse(response, new Intake.Refused(inbound, McpError.unavailable(JsonRpcId.NULL), "GET"));
            return;
        }
        if (!(found instanceof SessionGate.Found.Live live)) {
            refuse(response, new Intake.Refused(inbound, McpError.sessionNotFound(JsonRpcId.NULL), "GET"));
            return;
        }
        if (listens.noneOffered(target.gateway())) {
            response.setHeader("Allow", "POST, DELETE");
            refuse(response, new Intake.Refused(inbound, McpError.listenNotOffered(), "GET"));
            return;
        }
        listens.open(target.gateway(), live.session(), headers.lastEventId(),
                ClientLeg.start(request, response, headers.accept(), Duration.ZERO, clientLimits), inbound.grant(),
                inbound.client().startNanos(),
                new MessageRules.Scope(inbound.grant(), live.session(), null, null, inbound.client().correlationId(), null),
                why -> audit.listenCut(inbound, why));
    }

    /** Ends the client's Gatehouse session on every node, and its upstream sessions (MCP transport: DELETE). */
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
        Gateway gateway = target.gateway();
        var ended = sessions.end(headers.sessionId(), inbound.grant());
        if (ended.isEmpty()) {
            refuse(response, new Intake.Refused(inbound, McpError.sessionNotFound(JsonRpcId.NULL), "DELETE"));
            return;
        }
        listens.end(headers.sessionId());
        upstreams.close(ended.get(), id -> gateway.server(id).map(GatewayServer::server));
        response.setStatus(200);
        response.setContentLength(0);
    }

    private void refuse(HttpServletResponse response, Intake.Refused refused) throws IOException {
        audit.rejected(refused);
        answer(response, refused.error());
    }

    private Duration backstop(Gateway gateway) {
        Duration longest = gateway.enabledServers().stream().map(s -> s.server().readTimeout())
                .max(Duration::compareTo).orElse(Duration.ZERO);
        // a call held for an admin's approval may wait up to the longest approval timeout first
        return longest.plus(durableWait).plus(BACKSTOP_MARGIN).plus(governed.longestHold(gateway.slug()));
    }

    private static void answer(HttpServletResponse response, McpError error) throws IOException {
        JsonReply.write(response, error.status(), error.body());
    }
}
