package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One audit record as an RFC 5424 syslog message, framed by octet counting (RFC 6587 section 3.4.1,
 * which RFC 5425 prescribes for TLS): {@code LEN SP <PRI>1 TIMESTAMP HOSTNAME gatehouse - MSGID SD MSG}.
 * Facility 13 (log audit); severity informational, warning for refusals, error for failures. MSGID is the
 * record's kind; the structured data element {@code gatehouse@32473} carries the record id, node and
 * sequence (32473 is the documentation enterprise number of RFC 5612: Gatehouse has no number of its own),
 * so a receiver can deduplicate without parsing the payload. MSG is the payload, JSON or CEF, UTF-8
 * without a BOM (RFC 5424 MSG-ANY), one line.
 */
public final class SyslogMessage {
    /** RFC 5424 facility 13, "log audit". */
    static final int FACILITY = 13;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SyslogMessage() {
    }

    /** The framed message: length, space, message bytes. */
    public static byte[] framed(AuditEvent e, PayloadFormat format) {
        byte[] message = message(e, format).getBytes(StandardCharsets.UTF_8);
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + message.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(message, 0, frame, length.length, message.length);
        return frame;
    }

    /** The RFC 5424 message itself. */
    public static String message(AuditEvent e, PayloadFormat format) {
        String payload = format == PayloadFormat.CEF ? CefFormat.of(e) : AuditRecordJson.line(e);
        return "<" + (FACILITY * 8 + severity(e.outcome())) + ">1 " + TIME.format(e.time()) + ' '
                + printable(e.nodeId(), 255) + " gatehouse - " + printable(e.kind().wireName(), 32)
                + " [gatehouse@32473 id=\"" + e.id() + "\" node=\"" + param(e.nodeId()) + "\" seq=\"" + e.nodeSequence()
                + "\"] " + payload.replace('\n', ' ').replace('\r', ' ');
    }

    static int severity(Outcome outcome) {
        return switch (outcome) {
            case DENIED, UNAUTHORIZED, REJECTED, REVOKED -> 4;
            case ERROR, UPSTREAM_ERROR, TIMEOUT -> 3;
            default -> 6;
        };
    }

    /** A header field: printable US-ASCII without spaces (RFC 5424 PRINTUSASCII), at most {@code max}, else "-". */
    private static String printable(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            s.append(c > 32 && c < 127 ? c : '_');
            if (s.length() == max) {
                break;
            }
        }
        return s.toString();
    }

    /** A PARAM-VALUE: {@code "}, {@code \} and {@code ]} escaped (RFC 5424 section 6.3.3). */
    private static String param(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}
