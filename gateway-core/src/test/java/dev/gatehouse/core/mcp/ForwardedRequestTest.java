package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request rewritten for its server from the message read once, and its answer mapped back without a second parse. */
class ForwardedRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonRpcParser parser = new JsonRpcParser();

    private JsonRpcMessage.Request request(String json) {
        return (JsonRpcMessage.Request) ((JsonRpcParser.Result.Parsed) parser.parse(bytes(json))).message();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(byte[] json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void ofWhenOnASessionAndTheNameIsTheServersThenTheBytesGoAsReceived() {
        byte[] body = bytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"x\":1.50}}");
        ForwardedRequest f = ForwardedRequest.of(parser, request(new String(body, StandardCharsets.UTF_8)), body, "s1", "echo", false);
        assertSame(body, f.upstreamBody());
    }

    @Test
    void ofWhenSharedSessionThenIdAndProgressTokenAreGatehousesAndTheAnswerComesBackUnderTheClientsId() throws Exception {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"demo__echo\","
                + "\"arguments\":{\"message\":\"hi\",\"n\":[1,2,{\"k\":null}]},\"_meta\":{\"progressToken\":42}}}";
        ForwardedRequest f = ForwardedRequest.of(parser, request(json), bytes(json), "s1", "echo", true);
        JsonNode up = tree(f.upstreamBody());
        assertEquals("2.0", up.get("jsonrpc").textValue());
        assertTrue(up.get("id").textValue().startsWith("gh-"), up.toString());
        assertEquals(f.upstreamId().text(), up.get("id").textValue());
        assertEquals("tools/call", up.get("method").textValue());
        assertEquals("echo", up.at("/params/name").textValue());
        assertEquals(tree(bytes(json)).at("/params/arguments"), up.at("/params/arguments"));
        assertEquals(f.upstreamProgressToken(), up.at("/params/_meta/progressToken").textValue());

        ForwardedRequest.Back progress = f.back(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                + "\"params\":{\"progressToken\":\"" + f.upstreamProgressToken() + "\",\"progress\":1}}"));
        assertEquals(42, tree(((ForwardedRequest.Back.Relay) progress).json()).at("/params/progressToken").intValue());

        ForwardedRequest.Back answer = f.back(bytes("{\"jsonrpc\":\"2.0\",\"id\":\"" + f.upstreamId().text()
                + "\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi \\\"there\\\"\"}],\"isError\":false}}"));
        JsonNode back = tree(assertInstanceOf(ForwardedRequest.Back.Final.class, answer).json());
        assertEquals("c-1", back.get("id").textValue());
        assertEquals("hi \"there\"", back.at("/result/content/0/text").textValue());
        assertEquals(false, back.at("/result/isError").booleanValue());

        ForwardedRequest.Back error = f.back(bytes("{\"jsonrpc\":\"2.0\",\"id\":\"" + f.upstreamId().text()
                + "\",\"error\":{\"code\":-32602,\"message\":\"bad\",\"data\":{\"why\":1}}}"));
        JsonNode err = tree(((ForwardedRequest.Back.Final) error).json());
        assertEquals("c-1", err.get("id").textValue());
        assertEquals(1, err.at("/error/data/why").intValue());
    }

    @Test
    void ofWhenTwoRequestsShareTheSessionThenTheirIdsDiffer() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
        ForwardedRequest a = ForwardedRequest.of(parser, request(json), bytes(json), "s1", "echo", true);
        ForwardedRequest b = ForwardedRequest.of(parser, request(json), bytes(json), "s1", "echo", true);
        assertNotEquals(a.upstreamId(), b.upstreamId());
    }

    @Test
    void ofWhenACompletionNamesAPublishedPromptThenItsRefIsRenamed() throws Exception {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{\"ref\":"
                + "{\"type\":\"ref/prompt\",\"name\":\"demo__greet\"},\"argument\":{\"name\":\"who\",\"value\":\"a\"}}}";
        ForwardedRequest f = ForwardedRequest.of(parser, request(json), bytes(json), "s1", "greet", false);
        JsonNode up = tree(f.upstreamBody());
        assertEquals("greet", up.at("/params/ref/name").textValue());
        assertEquals("who", up.at("/params/argument/name").textValue());
        assertEquals(3, up.get("id").intValue());
    }
}
