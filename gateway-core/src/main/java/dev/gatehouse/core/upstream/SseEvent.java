package dev.gatehouse.core.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One server-sent event (HTML Living Standard, "Server-sent events"): optional id and type, and its data.
 */
public record SseEvent(String id, String event, String data) {
    public SseEvent {
        Objects.requireNonNull(data, "data");
    }

    /** A {@code message} event carrying one JSON-RPC message. */
    public static SseEvent message(String data) {
        return new SseEvent(null, "message", data);
    }

    /** The event in wire form, ending with the blank line that dispatches it. */
    public String toWire() {
        StringBuilder s = new StringBuilder(data.length() + 32);
        if (id != null) {
            s.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            s.append("event: ").append(event).append('\n');
        }
        // one data line per line of the data (CR, LF or CRLF end a line), scanned once: no regular expression
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                s.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        s.append("data: ").append(data, start, n).append('\n');
        return s.append('\n').toString();
    }

    /** {@link #toWire()} as UTF-8 bytes, the form written to a client. */
    public byte[] wireBytes() {
        return toWire().getBytes(StandardCharsets.UTF_8);
    }
}
