package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.gateway.auth.BearerAuthFilter;
import dev.gatehouse.gateway.web.ClientFacts;
import dev.gatehouse.gateway.web.GatewayPath;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/** Who is asking, known before anything of the request is read: the grant, the client, the path's slug. */
public record Inbound(TokenGrant grant, ClientFacts client, Optional<String> slug) {
    public static Inbound of(HttpServletRequest request) {
        return new Inbound(BearerAuthFilter.grant(request), ClientFacts.of(request), GatewayPath.slug(request));
    }
}
