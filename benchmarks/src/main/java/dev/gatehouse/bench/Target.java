package dev.gatehouse.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Where a leg sends its {@code tools/call}: the URL and the request bytes, built once and re-sent. */
record Target(String name, URI url, byte[] request) {
    static final String ECHO_CALL =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}}}";
    static final String ACCEPT = "Accept: application/json, text/event-stream";
    static final String PROTOCOL = "2025-06-18";

    /** The upstream itself, on an MCP session opened once (the SDK's transport is stateful). */
    static Target direct(URI url) throws Exception {
        try (RawHttp http = new RawHttp(url)) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                    + PROTOCOL + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-bench\",\"version\":\"1\"}}}";
            RawHttp.Reply reply = http.exchange(RawHttp.post(url, init, ACCEPT));
            if (reply.status() != 200 || reply.sessionId() == null) {
                throw new IllegalStateException("direct initialize failed: " + reply.status() + " " + reply.text());
            }
            String session = "Mcp-Session-Id: " + reply.sessionId();
            String version = "MCP-Protocol-Version: " + PROTOCOL;
            http.exchange(RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    ACCEPT, session, version));
            return new Target("direct", url, RawHttp.post(url, ECHO_CALL, ACCEPT, session, version));
        }
    }

    /** Through Gatehouse: sessionless, as curl and the stateless revision call it, with a bearer token. */
    static Target gateway(URI url, String token) {
        return new Target("gatehouse", url, RawHttp.post(url, ECHO_CALL, ACCEPT, "Authorization: Bearer " + token));
    }

    /** A reply counts as a success when it is a 200 carrying the call's JSON-RPC result. */
    static boolean success(RawHttp.Reply reply) {
        if (reply.status() != 200) {
            return false;
        }
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        return body.contains("\"result\"") && body.contains("hello") && !body.contains("\"isError\":true");
    }
}
