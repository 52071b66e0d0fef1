package dev.gatehouse.core.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * An alert as an e-mail: a subject a person reads in a list ({@code [Gatehouse] tool echo of server demo
 * quarantined (node-a)}) and a plain-text body with every field of the webhook's JSON, one per line. Values
 * come partly from upstream servers (tool names): control characters become spaces, so no value can add a
 * header or forge a line.
 */
record AlertMessage(String subject, String text) {
    private static final int MAX_SUBJECT = 200;

    static AlertMessage of(ObjectNode alert) {
        String subject = "[Gatehouse] " + summary(alert) + " (" + value(alert, "node") + ")";
        StringBuilder text = new StringBuilder(summary(alert)).append(".\n\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = alert.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isNull()) {
                text.append(f.getKey()).append(": ").append(clean(f.getValue().asText())).append('\n');
            }
        }
        return new AlertMessage(subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT - 1) + "…" : subject,
                text.toString());
    }

    private static String summary(ObjectNode a) {
        String event = value(a, "event");
        return switch (event) {
            case "approval.waiting" -> "a call to " + value(a, "tool") + " on gateway " + value(a, "gateway")
                    + " waits for approval";
            case "tool.quarantined" -> "tool " + value(a, "tool") + " of server " + value(a, "server") + " quarantined";
            case "circuit.opened" -> "circuit opened for server " + value(a, "server");
            case "error_rate.spike" -> value(a, "ratePercent") + " % of " + value(a, "calls") + " calls failed in a minute";
            case "refusals.spike" -> value(a, "refusals") + " refusals in a minute";
            case "test" -> "test alert";
            default -> event;
        } + (a.path("suppressed").asLong(0) > 0 ? ", and " + a.get("suppressed").asLong() + " more like it" : "");
    }

    private static String value(ObjectNode a, String field) {
        JsonNode v = a.get(field);
        return v == null || v.isNull() ? "-" : clean(v.asText());
    }

    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
