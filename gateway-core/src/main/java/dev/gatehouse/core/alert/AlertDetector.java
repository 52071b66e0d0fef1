package dev.gatehouse.core.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns audit records, in the order a node wrote them, into alerts: a call held for approval
 * ({@code approval.waiting}), a tool definition put under quarantine ({@code tool.quarantined}), and per
 * minute of record time an error-rate spike ({@code error_rate.spike}) or a refusal spike
 * ({@code refusals.spike}), each spike once per minute. Pure: what it returns is sent by {@link Alerts}.
 */
final class AlertDetector {
    private static final Set<Outcome> FAILED = EnumSet.of(Outcome.ERROR, Outcome.UPSTREAM_ERROR, Outcome.TIMEOUT);
    private static final Set<AuditKind> REFUSALS = EnumSet.of(AuditKind.AUTH_FAILURE, AuditKind.DENIED, AuditKind.RATE_LIMITED);

    private Instant minute;
    private long calls;
    private long errors;
    private long refusals;
    private boolean errorSpikeSent;
    private boolean refusalSpikeSent;

    List<ObjectNode> accept(AuditEvent e, AlertConfig config) {
        List<ObjectNode> alerts = new ArrayList<>(1);
        if (e.kind() == AuditKind.APPROVAL && e.outcome() == Outcome.STARTED) {
            alerts.add(record("approval.waiting", e));
        } else if (e.kind() == AuditKind.QUARANTINE && e.outcome() == Outcome.DENIED && e.method() == null) {
            alerts.add(record("tool.quarantined", e));
        }
        Instant at = e.time().truncatedTo(ChronoUnit.MINUTES);
        if (minute == null || at.isAfter(minute)) {
            minute = at;
            calls = errors = refusals = 0;
            errorSpikeSent = refusalSpikeSent = false;
        } else if (at.isBefore(minute)) {
            return alerts; // a late record of an earlier minute: that minute was judged already
        }
        if (e.kind() == AuditKind.CALL_COMPLETED) {
            calls++;
            if (FAILED.contains(e.outcome())) {
                errors++;
            }
        }
        if (REFUSALS.contains(e.kind()) && e.outcome() != Outcome.CANCELLED) { // a withdrawn held call was not refused
            refusals++;
        }
        if (!errorSpikeSent && calls >= config.minCalls() && errors * 100 >= (long) config.errorRatePercent() * calls) {
            errorSpikeSent = true;
            ObjectNode o = base("error_rate.spike", e.nodeId(), minute);
            o.put("calls", calls);
            o.put("errors", errors);
            o.put("ratePercent", Math.round(errors * 1000.0 / calls) / 10.0);
            alerts.add(o);
        }
        if (!refusalSpikeSent && refusals >= config.refusalsPerMinute()) {
            refusalSpikeSent = true;
            ObjectNode o = base("refusals.spike", e.nodeId(), minute);
            o.put("refusals", refusals);
            alerts.add(o);
        }
        return alerts;
    }

    private static ObjectNode record(String event, AuditEvent e) {
        ObjectNode o = base(event, e.nodeId(), e.time());
        o.put("gateway", e.gateway());
        o.put("server", e.server());
        o.put("tool", e.tool());
        o.put("host", e.hostName());
        o.put("detail", e.detail());
        o.put("recordId", e.id());
        o.put("correlationId", e.correlationId());
        return o;
    }

    static ObjectNode base(String event, String node, Instant time) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("event", event);
        o.put("time", time.toString());
        o.put("node", node);
        return o;
    }
}
