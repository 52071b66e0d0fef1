package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.identity.IdentityResolver;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads one POST to {@code /mcp/{slug}} into an {@link McpCall}, step by step: the gateway exists,
 * the transport rules hold, the body is within bounds and UTF-8, the body is one JSON-RPC message, the routing
 * headers agree with it. The first step that fails decides the answer.
 */
public final class McpRequestReader {
    private static final System.Logger LOG = System.getLogger(McpRequestReader.class.getName());
    private final GatewayCatalog catalog;
    private final IdentityResolver identities;
    private final TransportCheck transport;
    private final BodyReader bodies;
    private final JsonRpcParser parser = new JsonRpcParser();

    public McpRequestReader(GatewayCatalog catalog, IdentityResolver identities, TransportCheck transport, BodyReader bodies) {
        this.catalog = catalog;
        this.identities = identities;
        this.transport = transport;
        this.bodies = bodies;
    }

    public Intake read(HttpServletRequest request, Inbound inbound) throws IOException {
        Target target = target(inbound);
        if (target.error() != null) {
            return new Intake.Refused(inbound, target.error(), null);
        }
        TransportCheck.Result checked = transport.checkPost(request);
        if (checked instanceof TransportCheck.Result.Failed f) {
            return new Intake.Refused(inbound, f.error(), null);
        }
        Optional<byte[]> body = bodies.read(request);
        if (body.isEmpty()) {
            return new Intake.Refused(inbound, McpError.tooLarge(bodies.max()), null);
        }
        Optional<String> encoding = Utf8Only.foreignEncoding(body.get());
        if (encoding.isPresent()) {
            return new Intake.Refused(inbound, McpError.notUtf8("a body in " + encoding.get()), null);
        }
        JsonRpcParser.Result parsed = parser.parse(body.get());
        if (parsed instanceof JsonRpcParser.Result.Rejected r) {
            return new Intake.Refused(inbound, McpError.badMessage(r.id(), r.error()), null);
        }
        TransportHeaders headers = ((TransportCheck.Result.Passed) checked).headers();
        JsonRpcMessage message = ((JsonRpcParser.Result.Parsed) parsed).message();
        Optional<McpError> silentRequest = NotificationRule.check(message);
        if (silentRequest.isPresent()) {
            return new Intake.Refused(inbound, silentRequest.get(), NotificationRule.method(message));
        }
        Optional<McpError> mismatch = RoutingHeaders.check(request, message,
                McpMethods.STATELESS_VERSION.equals(headers.protocolVersion()));
        if (mismatch.isPresent()) {
            return new Intake.Refused(inbound, mismatch.get(), null);
        }
        return new Intake.Accepted(new McpCall(inbound, target.gateway(), null, headers, message, body.get(), null));
    }

    /**
     * The gateway in the path as this request's calls see it (each {@code per-user} server with the identity of
     * the token's user, {@link IdentityResolver}) and its first enabled server, or why there is none.
     */
    public record Target(Gateway gateway, GatewayServer server, McpError error) {
    }

    public Target target(Inbound inbound) {
        Optional<Gateway> gateway;
        try {
            gateway = inbound.slug().flatMap(catalog::gateway).map(g -> identities.personalize(g, inbound.grant()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "gateway of request " + inbound.client().correlationId()
                    + " could not be looked up, database unavailable? " + LogText.cause(e));
            LOG.log(System.Logger.Level.DEBUG, "gateway lookup failed", e);
            return new Target(null, null, McpError.unavailable(JsonRpcId.NULL));
        }
        if (gateway.isEmpty()) {
            return new Target(null, null, McpError.gatewayNotFound());
        }
        Optional<GatewayServer> server = gateway.get().primaryServer();
        return server.map(s -> new Target(gateway.get(), s, null))
                .orElseGet(() -> new Target(gateway.get(), null, McpError.noUpstream(JsonRpcId.NULL)));
    }
}
