package dev.gatehouse.core.limits;

import dev.gatehouse.core.model.TokenGrant;

import java.time.Instant;
import java.util.Objects;

/**
 * A limit on {@code tools/call}s: at most {@code perSecond} per second, {@code perMinute} per minute and
 * {@code concurrent} at once (each null for no such bound), counted per connection or per host.
 *
 * @param gateway the gateway it applies to; null for every gateway
 * @param hostId  the host it applies to; null for every host
 */
public record RateLimit(String id, String name, String gateway, LimitScope scope, String hostId, Integer perSecond,
                        Integer perMinute, Integer concurrent, String createdBy, Instant createdAt) {
    public RateLimit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
    }

    /** True when calls made with {@code grant} count against this limit. */
    public boolean appliesTo(TokenGrant grant) {
        return (gateway == null || gateway.equals(grant.gatewaySlug())) && (hostId == null || hostId.equals(grant.hostId()));
    }

    /** What is counted for {@code grant}: its connection or its host. */
    public String subject(TokenGrant grant) {
        return scope == LimitScope.CONNECTION ? "c:" + grant.connectionId() : "h:" + grant.hostId();
    }
}
