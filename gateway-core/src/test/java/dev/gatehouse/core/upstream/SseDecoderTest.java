package dev.gatehouse.core.upstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseDecoderTest {
    private final List<SseEvent> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(64, events::add);

    private boolean feed(String s) {
        return decoder.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void feedWhenSdkStyleEventsThenEachDecoded() {
        feed("id: 1\nevent: message\ndata: {\"a\":1}\n\nid: 2\nevent: message\ndata: {\"b\":2}\n\n");
        assertEquals(List.of(new SseEvent("1", "message", "{\"a\":1}"), new SseEvent("2", "message", "{\"b\":2}")), events);
    }

    @Test
    void feedWhenSplitAcrossChunksAndCrLfThenSameEvent() {
        feed("data: {\"a\"");
        feed(":1}\r");
        feed("\n\r\n");
        assertEquals(List.of(new SseEvent(null, null, "{\"a\":1}")), events);
    }

    @Test
    void feedWhenCommentsAndMultiLineDataThenDataJoinedWithNewline() {
        feed(": keep-alive\ndata:one\ndata: two\n\n");
        assertEquals(List.of(new SseEvent(null, null, "one\ntwo")), events);
    }

    /** Lines are copied a run at a time: every split of a stream into two chunks decodes as the whole does. */
    @Test
    void feedWhenSplitAtEveryByteThenSameEventsAsWhole() {
        String stream = "\uFEFFid: 1\r\nevent: message\rdata: {\"a\":\"\u00e9\"}\r\n\r\n: c\ndata:x\ndata: y\r\rdata: z\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        feed(stream);
        List<SseEvent> whole = List.copyOf(events);
        assertEquals(3, whole.size());
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<SseEvent> got = new ArrayList<>();
            SseDecoder d = new SseDecoder(64, got::add);
            assertTrue(d.feed(ByteBuffer.wrap(bytes, 0, cut)));
            assertTrue(d.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut)));
            assertEquals(whole, got, "split at " + cut);
        }
    }

    @Test
    void feedWhenOneChunkCarriesALineFarPastTheBoundThenRefused() {
        assertFalse(feed("data: " + "x".repeat(1_000_000) + "\n\n"));
        assertTrue(events.isEmpty());
    }

    @Test
    void feedWhenEventExceedsBoundThenRefused() {
        assertFalse(feed("data: " + "x".repeat(100)));
        assertTrue(events.isEmpty());
    }

    @Test
    void feedWhenStreamEndsMidEventThenNothingDispatched() {
        feed("data: partial\n");
        assertTrue(events.isEmpty());
    }

    @Test
    void toWireWhenMultiLineDataThenOneDataLinePerLine() {
        assertEquals("id: 9\nevent: message\ndata: a\ndata: b\n\n", new SseEvent("9", "message", "a\nb").toWire());
        // CRLF, CR and LF each end one line; empty lines and a trailing line end stay
        assertEquals("data: a\ndata: b\ndata: c\ndata: \ndata: d\ndata: \n\n", new SseEvent(null, null, "a\r\nb\rc\n\nd\n").toWire());
        assertEquals("data: \n\n", new SseEvent(null, null, "").toWire());
        assertEquals("data: \ndata: \n\n", new SseEvent(null, null, "\r\n").toWire());
    }
}
