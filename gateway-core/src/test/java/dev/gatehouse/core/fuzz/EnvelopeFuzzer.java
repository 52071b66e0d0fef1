package dev.gatehouse.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the JSON-RPC envelope parser (Jazzer's {@code fuzzerTestOneInput} convention, so the
 * same class runs under JUnit for a short bounded run and under the Jazzer CLI for long runs). It builds
 * envelopes member by member (every id type, versions, methods, params shapes, duplicated members,
 * nesting past the depth limit, numbers past the length limit) and checks the parser against an oracle:
 * a duplicated member is always a parse error (the gateway and the upstream must never read different
 * meanings), an id of a forbidden type is an invalid request, a well-formed request is read back
 * exactly; and every answer obeys the invariants of {@link #check}.
 */
public final class EnvelopeFuzzer {
    private static final JsonRpcParser PARSER = new JsonRpcParser();

    private EnvelopeFuzzer() {
    }

    static JsonRpcParser parser() {
        return PARSER;
    }

    /**
     * The parser's answer obeys the envelope's invariants: a message or one of the two documented
     * rejections (-32700 with a null id, -32600), a request has a method and an id that is valid JSON on
     * its own, and the same bytes parse the same way twice. Returns the answer for further checks.
     */
    static JsonRpcParser.Result check(byte[] body, JsonRpcParser.Result result) {
        if (result == null) {
            throw new AssertionError("no result");
        }
        if (result instanceof JsonRpcParser.Result.Rejected r) {
            int code = r.error().code();
            if (code != JsonRpcError.PARSE_ERROR && code != JsonRpcError.INVALID_REQUEST) {
                throw new AssertionError("undocumented rejection " + code);
            }
            if (code == JsonRpcError.PARSE_ERROR && !(r.id() instanceof JsonRpcId.Null)) {
                throw new AssertionError("a parse error cannot know the id");
            }
        } else {
            JsonRpcMessage m = ((JsonRpcParser.Result.Parsed) result).message();
            if (m instanceof JsonRpcMessage.Request req) {
                if (req.method().isEmpty() || req.id() instanceof JsonRpcId.Null) {
                    throw new AssertionError("request without method or id: " + req);
                }
                // the id travels back to the client as JSON: it must be valid JSON on its own
                if (!(PARSER.parse(("{\"jsonrpc\":\"2.0\",\"id\":" + req.id().json() + ",\"method\":\"m\"}")
                        .getBytes(StandardCharsets.UTF_8)) instanceof JsonRpcParser.Result.Parsed)) {
                    throw new AssertionError("id does not round-trip: " + req.id().json());
                }
            } else if (m instanceof JsonRpcMessage.Notification n && n.method().isEmpty()) {
                throw new AssertionError("notification without method");
            }
        }
        JsonRpcParser.Result again = PARSER.parse(body);
        if (!again.equals(result)) {
            throw new AssertionError("the same bytes parsed two ways: " + result + " / " + again);
        }
        return result;
    }

    /** A nested value and how far it goes towards the parser's limits. */
    private record Nested(String json, int depth, int digits) {
        /** Clearly within the limits (1000 levels, 1000 digits), allowing for the envelope's own levels. */
        boolean within() {
            return depth <= 900 && digits <= 900;
        }

        /** Clearly past a limit. */
        boolean past() {
            return depth >= 1100 || digits >= 1100;
        }
    }

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        List<String[]> members = new ArrayList<>();
        List<Nested> nestedValues = new ArrayList<>();
        String version = pick(data, "\"2.0\"", null, "\"1.0\"", "2.0", "\"2.0 \"", "null");
        String id = pick(data, "7", "\"a\"", null, "null", "1.5", "true", "[]", "{}", "-0", "1e3",
                "123456789012345678901234567890", "\"\\u0000\"", "\"" + text(data, 40) + "\"");
        String method = pick(data, "\"tools/call\"", "\"tools/list\"", "\"\"", null, "42", "\"ping\"", "[\"tools/call\"]");
        Nested arguments = nested(data);
        nestedValues.add(arguments);
        String params = pick(data, null, "{}", "[]", "\"x\"", "3", "null",
                "{\"name\":\"echo\",\"arguments\":" + arguments.json() + "}");
        if (params == null || !params.contains("arguments")) {
            nestedValues.remove(arguments);
        }
        add(members, "jsonrpc", version);
        add(members, "id", id);
        add(members, "method", method);
        add(members, "params", params);
        if (data.consumeBoolean()) {
            Nested extra = nested(data);
            nestedValues.add(extra);
            add(members, text(data, 8), extra.json());
        }
        boolean duplicated = false;
        if (!members.isEmpty() && data.consumeBoolean()) {
            String[] twin = members.get(data.consumeInt(0, members.size() - 1));
            members.add(data.consumeInt(0, members.size()), new String[]{twin[0], data.consumeBoolean() ? twin[1] : "\"other\""});
            duplicated = true;
        }
        // a fuzzed extra member may carry a name already used, which is a duplicate too
        duplicated |= members.stream().map(m -> m[0]).distinct().count() < members.size();
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < members.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(members.get(i)[0]).append("\":").append(members.get(i)[1]);
        }
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        JsonRpcParser.Result result = check(body, PARSER.parse(body));

        if (duplicated || nestedValues.stream().anyMatch(Nested::past)) {
            expect(result instanceof JsonRpcParser.Result.Rejected r && r.error().code() == JsonRpcError.PARSE_ERROR,
                    "a duplicated member, or a value past the depth or number limit, must be a parse error", body, result);
            return;
        }
        if (!nestedValues.stream().allMatch(Nested::within)) {
            return; // near a limit: either answer is right, the invariants above were checked
        }
        boolean wellFormedRequest = "\"2.0\"".equals(version) && ("7".equals(id) || "\"a\"".equals(id)
                || "123456789012345678901234567890".equals(id)) && "\"tools/call\"".equals(method)
                && (params == null || params.startsWith("{"));
        if (wellFormedRequest) {
            expect(result instanceof JsonRpcParser.Result.Parsed p && p.message() instanceof JsonRpcMessage.Request r
                    && r.method().equals("tools/call") && r.id().json().equals(id), "a well-formed request", body, result);
        }
        boolean badIdType = "1.5".equals(id) || "true".equals(id) || "[]".equals(id) || "{}".equals(id) || "1e3".equals(id);
        if (badIdType) {
            expect(result instanceof JsonRpcParser.Result.Rejected r && r.error().code() == JsonRpcError.INVALID_REQUEST,
                    "an id that is neither string nor integer", body, result);
        }
        if (!"\"2.0\"".equals(version) && !badIdType) {
            expect(result instanceof JsonRpcParser.Result.Rejected, "jsonrpc other than \"2.0\"", body, result);
        }
    }

    /** Fuzzed text that stays a valid JSON string body: no quote, backslash or control character. */
    private static String text(FuzzedDataProvider data, int max) {
        return data.consumeString(max).replaceAll("[\"\\\\\\x00-\\x1f]", "");
    }

    private static void expect(boolean holds, String what, byte[] body, JsonRpcParser.Result result) {
        if (!holds) {
            throw new AssertionError(what + ": " + new String(body, StandardCharsets.UTF_8) + " -> " + result);
        }
    }

    private static void add(List<String[]> members, String name, String value) {
        if (value != null) {
            members.add(new String[]{name, value});
        }
    }

    private static String pick(FuzzedDataProvider data, String... choices) {
        return choices[data.consumeInt(0, choices.length - 1)];
    }

    /** A JSON value nested a fuzzed number of levels, up to past the parser's depth and number limits. */
    private static Nested nested(FuzzedDataProvider data) {
        int depth = data.consumeInt(0, 1200);
        boolean arrays = data.consumeBoolean();
        int zeros = data.consumeInt(0, 1100);
        String leaf = pick(data, "1", "\"s\"", "null", "1" + "0".repeat(zeros), "{}");
        int digits = leaf.startsWith("10") || leaf.equals("1") ? leaf.length() : 0;
        return new Nested((arrays ? "[" : "{\"a\":").repeat(depth) + leaf + (arrays ? "]" : "}").repeat(depth), depth, digits);
    }
}
