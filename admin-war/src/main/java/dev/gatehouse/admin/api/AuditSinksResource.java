package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.siem.AuditSink;
import dev.gatehouse.core.siem.AuditStreaming;
import dev.gatehouse.core.siem.NewAuditSink;
import dev.gatehouse.core.siem.PayloadFormat;
import dev.gatehouse.core.siem.SinkKind;
import dev.gatehouse.core.siem.SinkStatus;
import dev.gatehouse.core.siem.StartMode;

import java.util.List;

/**
 * {@code /api/audit-sinks}: where the audit trail is streamed (syslog over TCP or TLS, Splunk HEC, Elastic
 * {@code _bulk}), and how each sink is doing on this node (cursor, lag, failures). Needs
 * {@code settings:manage}: a sink receives every audit record. The secret is write-only (replies say
 * {@code hasSecret}); changes are audited.
 */
final class AuditSinksResource {
    private final AuditStreaming streaming;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    AuditSinksResource(AuditStreaming streaming, JsonBodyReader bodies, AdminActions actions) {
        this.streaming = streaming;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        List<SinkStatus> status = streaming.status();
        return Reply.ok(streaming.all().stream().map(s -> view(s, streaming.fromSettings(s.id()), status)).toList());
    }

    Reply get(ApiRequest request) {
        return streaming.all().stream().filter(s -> s.id().equals(request.param("id"))).findFirst()
                .<Reply>map(s -> Reply.ok(view(s, streaming.fromSettings(s.id()), streaming.status())))
                .orElseGet(() -> Problem.notFound("no such audit sink"));
    }

    Reply create(ApiRequest request) {
        boolean plainHttp = streaming.settings().allowPrivate();
        return bodies.read(request.servletRequest()).then(AuditSinksResource::spec)
                .then(spec -> Stores.attempt(() -> streaming.sinks().create(spec.checked(plainHttp), request.user())))
                .reply(sink -> {
                    streaming.reload();
                    actions.succeeded(request, "audit-sink.created", 201, e -> e.detail("audit-sink.created: '"
                            + sink.name() + "' (" + sink.id() + ", " + sink.kind().wireName() + " " + sink.target() + ")"));
                    return Reply.created(request.contextPath() + "/api/audit-sinks/" + sink.id(),
                            view(sink, false, streaming.status()));
                });
    }

    Reply delete(ApiRequest request) {
        if (streaming.fromSettings(request.param("id"))) {
            return Problem.conflict("this sink is configured by the setting audit-sinks: remove it there");
        }
        AuditSink sink = streaming.sinks().sink(request.param("id")).orElse(null);
        if (sink == null || !streaming.sinks().delete(sink.id())) {
            return Problem.notFound("no such audit sink");
        }
        streaming.reload();
        actions.succeeded(request, "audit-sink.deleted", 204, e -> e.detail("audit-sink.deleted: '" + sink.name()
                + "' (" + sink.id() + ")"));
        return Reply.noContent();
    }

    private static Result<NewAuditSink> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String kindName = fields.text("kind");
        String target = fields.text("target");
        String url = fields.text("url");
        String formatName = fields.text("format");
        String secret = fields.text("secret");
        String ca = fields.text("caCertificate");
        String index = fields.text("index");
        String from = fields.text("from");
        SinkKind kind = kindName == null ? null : SinkKind.fromWire(kindName)
                .orElseGet(() -> fields.fail("kind", "must be one of " + SinkKind.wireNames()));
        PayloadFormat format = formatName == null ? null : PayloadFormat.fromWire(formatName)
                .orElseGet(() -> fields.fail("format", "must be json or cef"));
        StartMode start = from == null ? null : StartMode.fromWire(from)
                .orElseGet(() -> fields.fail("from", "must be beginning or now"));
        return fields.problem().<Result<NewAuditSink>>map(Result::failed).orElseGet(() -> Result.ok(new NewAuditSink(
                name, kind, url != null ? url : target, format, secret, ca, index, start)));
    }

    static ObjectNode view(AuditSink s, boolean fromSettings, List<SinkStatus> status) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("kind", s.kind().wireName());
        o.put(s.kind().http() ? "url" : "target", s.target());
        o.put("format", s.format().wireName());
        o.put("hasSecret", s.hasSecret());
        o.put("hasCaCertificate", s.caCertificate() != null);
        o.put("index", s.index());
        o.put("from", s.startMode().wireName());
        o.put("source", fromSettings ? "settings" : "api");
        o.put("createdBy", s.createdBy());
        o.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
        ArrayNode nodes = o.putArray("status");
        status.stream().filter(st -> st.sinkId().equals(s.id())).forEach(st -> nodes.add(statusView(st)));
        return o;
    }

    static ObjectNode statusView(SinkStatus st) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("nodeId", st.nodeId());
        n.put("healthy", st.healthy());
        n.put("delivered", st.delivered());
        n.put("head", st.head());
        n.put("lagRecords", st.lagRecords());
        n.put("oldestUndelivered", st.oldestUndelivered() == null ? null : st.oldestUndelivered().toString());
        n.put("failures", st.failures());
        n.put("consecutiveFailures", st.consecutiveFailures());
        n.put("skipped", st.skipped());
        n.put("lastError", st.lastError());
        n.put("lastErrorAt", st.lastErrorAt() == null ? null : st.lastErrorAt().toString());
        n.put("lastDeliveryAt", st.lastDeliveryAt() == null ? null : st.lastDeliveryAt().toString());
        return n;
    }
}
