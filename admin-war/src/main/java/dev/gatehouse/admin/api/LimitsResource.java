package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.limits.LimitScope;
import dev.gatehouse.core.limits.LimitUsage;
import dev.gatehouse.core.limits.NewRateLimit;
import dev.gatehouse.core.limits.RateLimit;
import dev.gatehouse.core.limits.RateLimitStore;

/**
 * {@code /api/limits} and {@code /api/limits/{id}}: rate limits per connection or per host, on one
 * gateway or all, for one host or every host: calls per second, per minute and at once, each read with its
 * current usage (the busiest subject's take of each bound, {@link LimitUsage}). Reading needs any capability;
 * changing needs {@code rules:manage}. An edit ({@code PUT}) replaces the whole definition; the last write wins.
 */
final class LimitsResource {
    private final RateLimitStore limits;
    private final HostDirectory hosts;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    LimitsResource(RateLimitStore limits, HostDirectory hosts, JsonBodyReader bodies, AdminActions actions) {
        this.limits = limits;
        this.hosts = hosts;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        return Reply.ok(limits.limits().stream().map(this::withUsage).toList());
    }

    Reply get(ApiRequest request) {
        return limits.limit(request.param("id")).<Reply>map(l -> Reply.ok(withUsage(l)))
                .orElseGet(() -> Problem.notFound("no such limit"));
    }

    /** {@code PUT /api/limits/{id}}: the limit redefined, with the body {@code POST} takes. */
    Reply update(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(LimitsResource::spec).then(this::knownHost)
                .then(spec -> Stores.attempt(() -> limits.update(request.param("id"), spec, request.user())))
                .reply(limit -> {
                    actions.succeeded(request, "limit.updated", 200, e -> e.gateway(limit.gateway()).hostId(limit.hostId())
                            .detail("limit.updated: '" + limit.name() + "' (" + limit.id() + ")"));
                    return Reply.ok(withUsage(limit));
                });
    }

    private ObjectNode withUsage(RateLimit limit) {
        ObjectNode o = view(limit);
        LimitUsage u = limits.usage(limit);
        ObjectNode usage = o.putObject("usage");
        usage.put("perSecond", u.perSecond());
        usage.put("perMinute", u.perMinute());
        usage.put("concurrent", u.concurrent());
        usage.put("subjects", u.subjects());
        return o;
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(LimitsResource::spec).then(this::knownHost)
                .then(spec -> Stores.attempt(() -> limits.create(spec, request.user())))
                .reply(limit -> {
                    actions.succeeded(request, "limit.created", 201, e -> e.gateway(limit.gateway()).hostId(limit.hostId())
                            .detail("limit.created: '" + limit.name() + "' (" + limit.id() + ")"));
                    return Reply.created(request.contextPath() + "/api/limits/" + limit.id(), withUsage(limit));
                });
    }

    Reply delete(ApiRequest request) {
        RateLimit limit = limits.limit(request.param("id")).orElse(null);
        if (limit == null || !limits.delete(limit.id())) {
            return Problem.notFound("no such limit");
        }
        actions.succeeded(request, "limit.deleted", 204, e -> e.gateway(limit.gateway()).hostId(limit.hostId())
                .detail("limit.deleted: '" + limit.name() + "' (" + limit.id() + ")"));
        return Reply.noContent();
    }

    private static Result<NewRateLimit> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String gateway = fields.text("gateway");
        String scopeName = fields.text("scope");
        String host = fields.text("host");
        Long perSecond = fields.wholeNumber("perSecond");
        Long perMinute = fields.wholeNumber("perMinute");
        Long concurrent = fields.wholeNumber("concurrent");
        LimitScope scope = scopeName == null ? null : LimitScope.fromWire(scopeName)
                .orElseGet(() -> fields.fail("scope", "must be connection or host"));
        return fields.problem().<Result<NewRateLimit>>map(Result::failed).orElseGet(() -> Result.ok(new NewRateLimit(
                name, gateway, scope, host, bounded(perSecond), bounded(perMinute), bounded(concurrent))));
    }

    /** A limit on a host that does not exist would limit nothing while looking in force. */
    private Result<NewRateLimit> knownHost(NewRateLimit spec) {
        String host = spec.hostId() == null || spec.hostId().isBlank() ? null : spec.hostId().strip();
        if (host == null || host.length() > 36 || hosts.host(host).isPresent()) {
            return Result.ok(spec); // none, or one the store refuses for its length
        }
        return Result.failed(Problem.badRequest("'host' names no host: '" + host + "' (give a host's id)"));
    }

    /** Out-of-range values stay out of range, for the store to refuse with its own words. */
    private static Integer bounded(Long value) {
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    static ObjectNode view(RateLimit l) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", l.id());
        o.put("name", l.name());
        o.put("gateway", l.gateway());
        o.put("scope", l.scope().wireName());
        o.put("host", l.hostId());
        o.put("perSecond", l.perSecond());
        o.put("perMinute", l.perMinute());
        o.put("concurrent", l.concurrent());
        o.put("createdBy", l.createdBy());
        o.put("createdAt", l.createdAt() == null ? null : l.createdAt().toString());
        return o;
    }
}
