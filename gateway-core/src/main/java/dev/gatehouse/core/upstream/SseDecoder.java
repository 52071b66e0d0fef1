package dev.gatehouse.core.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a {@code text/event-stream} byte stream into events, following the HTML standard's parsing
 * rules (CR, LF or CRLF line ends; comments; {@code id}, {@code event}, {@code data} fields; an
 * incomplete event at the end is dropped). Lines and events are bounded. Not thread-safe: one decoder
 * per stream, fed in order.
 */
final class SseDecoder {
    private final int maxEventBytes;
    private final Consumer<SseEvent> sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean afterCr;
    private boolean firstLine = true;
    private String id;
    private String event;
    private boolean overflow;

    SseDecoder(int maxEventBytes, Consumer<SseEvent> sink) {
        this.maxEventBytes = maxEventBytes;
        this.sink = sink;
    }

    /**
     * Feeds bytes; returns false once an event has exceeded the bound (the stream must be abandoned). Each run of
     * bytes up to a line end is copied at once (not byte by byte), and a line never holds more than the bound.
     */
    boolean feed(ByteBuffer bytes) {
        while (bytes.hasRemaining() && !overflow) {
            if (afterCr) { // a CR ended the last line: a LF right after it belongs to that line end
                afterCr = false;
                if (bytes.get(bytes.position()) == '\n') {
                    bytes.get();
                    continue;
                }
            }
            int start = bytes.position();
            int limit = bytes.limit();
            int end = start;
            while (end < limit) {
                byte b = bytes.get(end);
                if (b == '\n' || b == '\r') {
                    break;
                }
                end++;
            }
            int room = maxEventBytes - lineLength - data.length();
            int take = Math.min(end - start, Math.max(room, 0) + 1);
            append(bytes, take);
            if (lineLength + data.length() > maxEventBytes) {
                overflow = true;
                break;
            }
            if (end < limit) {
                afterCr = bytes.get() == '\r';
                line(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                lineLength = 0;
            }
        }
        return !overflow;
    }

    private void append(ByteBuffer bytes, int n) {
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        bytes.get(line, lineLength, n);
        lineLength += n;
    }

    private void line(String text) {
        if (firstLine && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        firstLine = false;
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            default -> {
                // "retry" and unknown fields do not concern a relay that re-frames each event
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(id, event, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        event = null;
        // the id persists as the stream's last event id, but is only relayed with the event that set it
        id = null;
    }
}
