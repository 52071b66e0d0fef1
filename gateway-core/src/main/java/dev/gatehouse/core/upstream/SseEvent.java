package dev.gatehouse.core.upstream;

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
        for (String line : data.split("\r\n|\r|\n", -1)) {
            s.append("data: ").append(line).append('\n');
        }
        return s.append('\n').toString();
    }
}
