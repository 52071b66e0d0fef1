package dev.gatehouse.admin.dto;

import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Caller;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.audit.AuditCursor;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostUsage;
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.model.TokenInfo;
import dev.gatehouse.core.model.TokenIssuer;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place core records become wire shapes. Anything secret (upstream credentials, token hashes)
 * is left behind here; the plain token crosses only in {@link #issued} and {@link #rotated}.
 */
public final class Views {
    private Views() {
    }

    public static HostView host(Host h, HostUsage usage) {
        return new HostView(h.id(), h.name(), h.kind().name(), h.description(), h.createdBy(), h.createdAt(),
                h.disabled(), usage.connections(), usage.lastUsedAt());
    }

    public static ConnectionView connection(Connection c, String gatewayUrl) {
        return new ConnectionView(c.id(), c.hostId(), c.gatewaySlug(), gatewayUrl, c.tokenPrefix(), c.createdBy(),
                c.createdAt(), c.tokenExpiresAt(), c.lastUsedAt(), c.disabled(), c.status().wireName(),
                c.previousTokenValidUntil());
    }

    /** The rotation reply: the connection with its new token, and the grace of the one it replaced. */
    public static RotatedTokenView rotated(RotatedConnection r, String gatewayUrl) {
        Connection c = r.connection();
        return new RotatedTokenView(c.id(), c.hostId(), c.gatewaySlug(), gatewayUrl, r.token(), c.tokenPrefix(),
                c.tokenExpiresAt(), r.previousTokenPrefix(), r.previousValidUntil());
    }

    public static TokenView token(TokenInfo t) {
        return new TokenView(t.tokenPrefix(), t.createdBy(), t.createdAt(), t.expiresAt(), t.lastUsedAt(),
                t.revokedAt(), t.replaced(), t.valid());
    }

    public static TokenIssuerView issuer(TokenIssuer i) {
        return new TokenIssuerView(i.user(), i.activeTokens());
    }

    /** The creation reply: the connection as stored, with the token issued for it. */
    public static IssuedConnectionView issued(Connection c, String token, String gatewayUrl) {
        return new IssuedConnectionView(c.id(), c.hostId(), c.gatewaySlug(), gatewayUrl, token,
                c.tokenPrefix(), c.createdBy(), c.createdAt(), c.tokenExpiresAt());
    }

    public static GatewayView gateway(Gateway g, String url) {
        return new GatewayView(g.id(), g.name(), g.slug(), g.description(), url,
                g.servers().stream().map(Views::gatewayServer).toList(), g.createdAt(), g.prefixMode().wireName(),
                g.separator());
    }

    public static ServerView server(UpstreamServer s) {
        return server(s, null);
    }

    /** A server with its revision (the {@code ETag} an edit's {@code If-Match} names); null in lists. */
    public static ServerView server(UpstreamServer s, String revision) {
        return new ServerView(s.id(), s.name(), s.slug(), s.url().toString(),
                s.transport().wireName(), s.authHeaderName(), s.credential().isPresent(),
                s.connectTimeout().toMillis(), s.readTimeout().toMillis(), s.enabled(), s.createdAt(), revision);
    }

    public static LogEntryView logEntry(AuditEvent e) {
        return new LogEntryView(e.id(), e.correlationId(), e.time(), e.kind().wireName(), e.outcome().wireName(),
                e.hostName(), e.hostId(), e.tokenIssuedBy(), e.tokenPublicId(), e.actor(), e.gateway(), e.server(),
                e.tool(), e.method(), e.jsonRpcId(), e.httpStatus(), e.errorCode(), e.detail(),
                millis(e.durationMicros()), millis(e.upstreamDurationMicros()), e.bytesIn(), e.bytesOut(),
                e.clientAddress(), e.userAgent(), e.mcpSessionId(), e.traceId(), AuditCursor.of(e).encode());
    }

    public static MeView me(Caller caller) {
        return new MeView(caller.user(), Arrays.stream(Capability.values()).filter(caller::has)
                .map(Capability::wireName).toList());
    }

    public static SettingsView settings(AdminSettings settings) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        settings.policy().grants().forEach((role, caps) -> roles.put(role,
                caps.stream().map(Capability::wireName).toList()));
        return new SettingsView(settings.publicBaseUrl().orElse(null), settings.gatewayContextPath(),
                settings.maxBodyBytes(), roles);
    }

    private static GatewayServerView gatewayServer(GatewayServer gs) {
        UpstreamServer s = gs.server();
        return new GatewayServerView(s.serverId(), s.name(), s.slug(), s.url().toString(), gs.toolPrefix(),
                exposure(gs.tools()), exposure(gs.prompts()), exposure(gs.resources()), gs.scheme().wireName());
    }

    private static ExposureView exposure(Exposure e) {
        return new ExposureView(e.mode().wireName(), e.selected().stream().sorted().toList());
    }

    private static Double millis(Long micros) {
        return micros == null ? null : micros / 1000.0;
    }
}
