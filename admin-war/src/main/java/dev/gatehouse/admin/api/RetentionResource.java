package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.jpa.AuditArchiveEntity;
import dev.gatehouse.core.retention.ArchiveVerification;
import dev.gatehouse.core.retention.AuditArchiver;
import dev.gatehouse.core.retention.Retention;
import dev.gatehouse.core.retention.RetentionPolicy;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/retention/…}: audit retention policies per gateway, the run (archive, then delete) and the
 * check of an archive against its signed manifest. Everything needs {@code audit:retention}, which the
 * {@code gatehouse-retention} role has and {@code gatehouse-admin} has not. Every change and run is audited.
 */
final class RetentionResource {
    private static final System.Logger LOG = System.getLogger(RetentionResource.class.getName());

    private final Supplier<Retention> retention;
    private final JsonBodyReader bodies;
    private final AdminActions actions;
    private final java.time.Clock clock;

    RetentionResource(Supplier<Retention> retention, JsonBodyReader bodies, AdminActions actions, java.time.Clock clock) {
        this.retention = retention;
        this.bodies = bodies;
        this.actions = actions;
        this.clock = clock;
    }

    Reply policies(ApiRequest request) {
        return Reply.ok(retention.get().store().policies().stream().map(RetentionResource::view).toList());
    }

    Reply put(ApiRequest request) {
        String gateway = request.param("slug");
        return bodies.read(request.servletRequest()).then(body -> policy(gateway, body, request.user()))
                .then(p -> Stores.attempt(() -> retention.get().store().put(p)))
                .reply(p -> {
                    actions.succeeded(request, "retention.policy.set", 200, e -> e.gateway(gateway.equals("*") ? null : gateway)
                            .detail("retention.policy.set: " + gateway + " maxAgeDays=" + p.maxAgeDays() + " maxRecords=" + p.maxRecords()));
                    return Reply.ok(view(p));
                });
    }

    Reply remove(ApiRequest request) {
        String gateway = request.param("slug");
        if (!retention.get().store().remove(gateway)) {
            return Problem.notFound("no retention policy for " + gateway);
        }
        actions.succeeded(request, "retention.policy.removed", 204, e -> e.detail("retention.policy.removed: " + gateway));
        return Reply.noContent();
    }

    Reply run(ApiRequest request) {
        Optional<AuditArchiver.Outcome> outcome;
        try {
            outcome = retention.get().run(request.user());
        } catch (RequestRejected e) {
            return Stores.problem(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "retention run by '" + LogText.safe(request.user()) + "' failed: " + LogText.cause(e), e);
            return Problem.unavailable("the retention run failed: " + LogText.cause(e)
                    + " (on PostgreSQL only the retention role may delete audit records: set retention-db-url, see docs/operations.md)");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (outcome.isEmpty()) {
            o.putNull("archive");
            o.put("deleted", 0);
            actions.succeeded(request, "retention.run", 200, e -> e.detail("retention.run: nothing due"));
            return Reply.ok(o);
        }
        AuditArchiver.Outcome done = outcome.get();
        o.set("archive", manifest(done.manifest().toJson()));
        o.put("file", done.archive().toString());
        o.put("manifestFile", done.manifestFile().toString());
        o.put("deleted", done.deleted());
        actions.succeeded(request, "retention.run", 200, e -> e.detail("retention.run: archive " + done.manifest().id()
                + " (" + done.manifest().fileName() + ", " + done.manifest().records() + " records, sha256 "
                + done.manifest().fileSha256() + "), " + done.deleted() + " deleted"));
        return Reply.ok(o);
    }

    Reply archives(ApiRequest request) {
        return Reply.ok(retention.get().store().archives().stream().map(RetentionResource::view).toList());
    }

    Reply verify(ApiRequest request) {
        Optional<ArchiveVerification> v;
        try {
            v = retention.get().verify(request.param("id"));
        } catch (RequestRejected e) {
            return Stores.problem(e);
        } catch (IOException e) {
            return Problem.unavailable("the archive cannot be read: " + LogText.cause(e));
        }
        if (v.isEmpty()) {
            return Problem.notFound("no such archive");
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("archive", request.param("id"));
        o.put("intact", v.get().intact());
        o.put("records", v.get().records());
        v.get().problems().forEach(o.putArray("problems")::add);
        if (v.get().problems().isEmpty()) {
            o.putArray("problems");
        }
        return Reply.ok(o);
    }

    private Result<RetentionPolicy> policy(String gateway, ObjectNode body, String user) {
        JsonFields fields = new JsonFields(body);
        Long days = fields.wholeNumber("maxAgeDays");
        Long records = fields.wholeNumber("maxRecords");
        return fields.problem().<Result<RetentionPolicy>>map(Result::failed).orElseGet(() -> Result.ok(new RetentionPolicy(
                gateway, days == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, days)), records,
                user, clock.instant())));
    }

    private static JsonNode manifest(String json) {
        try {
            return dev.gatehouse.admin.http.Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode view(RetentionPolicy p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("gateway", p.gateway());
        o.put("maxAgeDays", p.maxAgeDays());
        o.put("maxRecords", p.maxRecords());
        o.put("updatedBy", p.updatedBy());
        o.put("updatedAt", p.updatedAt() == null ? null : p.updatedAt().toString());
        return o;
    }

    static ObjectNode view(AuditArchiveEntity a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", a.id());
        o.put("file", a.fileName());
        o.put("sha256", a.fileSha256());
        o.put("records", a.records());
        o.put("createdBy", a.createdBy());
        o.put("createdAt", a.createdAt().toString());
        return o;
    }
}
