package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.approval.PendingApproval;
import dev.gatehouse.core.store.Validate;

/**
 * {@code /api/approvals}: calls held for an admin's approval (with the arguments they would be sent with),
 * and {@code /api/approvals/{id}/approve} and {@code …/deny} to decide one, from any node. Everything here
 * needs {@code calls:approve}.
 */
final class ApprovalsResource {
    private static final int MAX_REASON = 1000;

    private final ApprovalDesk desk;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    ApprovalsResource(ApprovalDesk desk, JsonBodyReader bodies, AdminActions actions) {
        this.desk = desk;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        return request.query().reply(q -> Reply.ok(desk.pending(q.value("gateway")).stream()
                .map(ApprovalsResource::view).toList()));
    }

    Reply get(ApiRequest request) {
        return desk.find(request.param("id")).<Reply>map(p -> Reply.ok(view(p)))
                .orElseGet(() -> Problem.notFound("no such held call"));
    }

    Reply approve(ApiRequest request) {
        return decide(request, true);
    }

    Reply deny(ApiRequest request) {
        return decide(request, false);
    }

    /** Body (optional): {@code {"reason": "…"}}, shown in the audit record and the console. */
    private Reply decide(ApiRequest request, boolean approve) {
        Result<String> reason = request.servletRequest().getContentLengthLong() > 0
                ? bodies.read(request.servletRequest()).then(ApprovalsResource::reason) : Result.ok(null);
        return reason.then(r -> Stores.attempt(() -> desk.decide(request.param("id"), approve, request.user(), r)))
                .reply(p -> {
                    String action = approve ? "call.approved" : "call.denied";
                    actions.succeeded(request, action, 200, e -> e.gateway(p.gateway()).hostId(p.hostId())
                            .hostName(p.hostName()).server(p.server()).tool(p.tool()).correlationId(
                                    p.correlationId() == null ? java.util.UUID.randomUUID().toString() : p.correlationId())
                            .detail(action + ": approval " + p.id()));
                    return Reply.ok(view(p));
                });
    }

    private static Result<String> reason(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String reason = fields.text("reason");
        if (fields.problem().isPresent()) {
            return Result.failed(fields.problem().get());
        }
        return Stores.attempt(() -> Validate.optionalText("reason", reason, MAX_REASON));
    }

    static ObjectNode view(PendingApproval p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", p.id());
        o.put("status", p.status().wireName());
        o.put("gateway", p.gateway());
        o.put("host", p.hostId());
        o.put("hostName", p.hostName());
        o.put("connection", p.connectionId());
        o.put("server", p.server());
        o.put("tool", p.tool());
        o.put("rule", p.ruleId());
        o.put("ruleName", p.ruleName());
        o.set("arguments", p.arguments());
        o.put("requestedAt", p.requestedAt().toString());
        o.put("expiresAt", p.expiresAt().toString());
        o.put("decidedBy", p.decidedBy());
        o.put("decidedAt", p.decidedAt() == null ? null : p.decidedAt().toString());
        o.put("reason", p.reason());
        return o;
    }
}
