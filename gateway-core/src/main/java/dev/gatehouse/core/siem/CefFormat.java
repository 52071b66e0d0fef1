package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.Outcome;

/**
 * An audit record in ArcSight Common Event Format (CEF 0):
 * {@code CEF:0|Gatehouse|Gatehouse|1|<kind>|<kind> <outcome>|<severity>|<extension>}. Header fields escape
 * {@code \} and {@code |}; extension values escape {@code \}, {@code =} and line breaks, so no field can
 * end a field or a message early. The record id is {@code externalId}; node and sequence are {@code cs1}
 * and {@code cn1}; the rest use CEF's own keys where one fits ({@code rt}, {@code src}, {@code suser},
 * {@code act}, {@code outcome}, {@code requestClientApplication}) and labelled custom strings otherwise.
 */
public final class CefFormat {
    private CefFormat() {
    }

    public static String of(AuditEvent e) {
        StringBuilder s = new StringBuilder(512).append("CEF:0|Gatehouse|Gatehouse|1|")
                .append(header(e.kind().wireName())).append('|')
                .append(header(e.kind().wireName() + " " + e.outcome().wireName())).append('|')
                .append(severity(e.outcome())).append('|');
        ext(s, "externalId", e.id());
        ext(s, "rt", e.time().toEpochMilli());
        labelled(s, "cs1", "node", e.nodeId());
        labelled(s, "cn1", "sequence", e.nodeSequence());
        ext(s, "outcome", e.outcome().wireName());
        ext(s, "act", e.method());
        ext(s, "suser", e.tokenIssuedBy() != null ? e.tokenIssuedBy() : e.actor());
        ext(s, "shost", e.hostName());
        ext(s, "src", e.clientAddress());
        ext(s, "requestClientApplication", e.userAgent());
        labelled(s, "cs2", "gateway", e.gateway());
        labelled(s, "cs3", "server", e.server());
        labelled(s, "cs4", "tool", e.tool());
        labelled(s, "cs5", "correlationId", e.correlationId());
        labelled(s, "cs6", "hostId", e.hostId());
        labelled(s, "cn2", "durationMicros", e.durationMicros());
        labelled(s, "cn3", "httpStatus", e.httpStatus());
        ext(s, "msg", e.detail());
        if (s.charAt(s.length() - 1) == ' ') {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    /** 0 to 10: refusals 5, failures 7, everything else 3. */
    static int severity(Outcome outcome) {
        return switch (outcome) {
            case DENIED, UNAUTHORIZED, REJECTED, REVOKED -> 5;
            case ERROR, UPSTREAM_ERROR, TIMEOUT -> 7;
            default -> 3;
        };
    }

    private static String header(String value) {
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** A custom field with its label, both left out when there is no value. */
    private static void labelled(StringBuilder s, String key, String label, Object value) {
        if (value != null) {
            ext(s, key + "Label", label);
            ext(s, key, value);
        }
    }

    private static void ext(StringBuilder s, String key, Object value) {
        if (value == null) {
            return;
        }
        String v = value.toString().replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n");
        s.append(key).append('=').append(v).append(' ');
    }
}
