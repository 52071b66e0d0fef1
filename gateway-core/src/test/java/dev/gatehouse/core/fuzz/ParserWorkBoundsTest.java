package dev.gatehouse.core.fuzz;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No input makes the parsers do more than linear work. Without timing assertions (a shared build machine
 * makes them flaky): the work of a parse is measured as the bytes it allocates on its thread, which for
 * these parsers grows with what they build, and each family of hostile input is parsed at size n and 10n.
 * Linear work grows about tenfold, quadratic work about a hundredfold; the bound is twenty. Where the
 * work could be superlinear in principle (digits of a huge integer, nesting depth), the limit that cuts
 * it off is asserted instead.
 */
class ParserWorkBoundsTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final JsonRpcParser parser = new JsonRpcParser();

    /** Hostile bodies of a given size parameter, each a valid or invalid message of growing size. */
    enum Family {
        LONG_STRING(n -> call("\"" + "x".repeat(n) + "\"")),
        ESCAPED_STRING(n -> call("\"" + "\\u0041\\n".repeat(n) + "\"")),
        MANY_MEMBERS(n -> call(members(n))),
        LONG_ARRAY(n -> call("[" + "0,".repeat(n) + "0]")),
        NESTED_ARRAYS(n -> call("[".repeat(n / 2500) + "]".repeat(n / 2500))),
        NESTED_OBJECTS(n -> call("{\"a\":".repeat(n / 2500) + "1" + "}".repeat(n / 2500))),
        LONG_STRING_ID(n -> "{\"jsonrpc\":\"2.0\",\"id\":\"" + "7".repeat(n) + "\",\"method\":\"ping\"}"),
        LONG_METHOD(n -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "m".repeat(n) + "\"}"),
        MANY_FLOATS(n -> call("[" + "1.5e300,".repeat(n / 8) + "1]")),
        WHITESPACE(n -> "{\"jsonrpc\":\"2.0\",\"id\":1," + " \n\t".repeat(n) + "\"method\":\"ping\"}"),
        UNTERMINATED(n -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[\"" + "y".repeat(n)),
        DUPLICATE_AT_END(n -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + members(n).substring(0,
                members(n).length() - 1) + ",\"k0\":1}}");

        final IntFunction<String> body;

        Family(IntFunction<String> body) {
            this.body = body;
        }

        private static String call(String arguments) {
            return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"v\":"
                    + arguments + "}}}";
        }

        private static String members(int n) {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < n / 8; i++) {
                s.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
            }
            return s.append('}').toString();
        }
    }

    /** The median bytes allocated by one parse of {@code body}, after warm-up. */
    private long work(byte[] body) {
        for (int i = 0; i < 3; i++) {
            parser.parse(body);
        }
        long[] runs = new long[5];
        for (int i = 0; i < runs.length; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            parser.parse(body);
            runs[i] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void parseWhenInputScaledTenfoldThenWorkGrowsAtMostLinearly(Family family) {
        int n = 100_000;
        byte[] small = family.body.apply(n).getBytes(StandardCharsets.UTF_8);
        byte[] large = family.body.apply(10 * n).getBytes(StandardCharsets.UTF_8);
        long smallWork = Math.max(work(small), 1);
        long largeWork = work(large);
        double ratio = (double) largeWork / smallWork;
        assertTrue(ratio <= 20, family + ": " + smallWork + " bytes of work at size " + small.length + ", "
                + largeWork + " at size " + large.length + " (x" + ratio + ")");
    }

    @Test
    void parseWhenIntegerLongerThanTheLimitThenParseErrorBeforeAnyBigIntegerWork() {
        int max = StreamReadConstraints.defaults().getMaxNumberLength();
        assertEquals(1000, max, "documented in docs/security-tests.md");
        String ok = "{\"jsonrpc\":\"2.0\",\"id\":" + "9".repeat(max) + ",\"method\":\"ping\"}";
        assertInstanceOf(JsonRpcParser.Result.Parsed.class, parser.parse(ok.getBytes(StandardCharsets.UTF_8)));
        for (String huge : new String[]{"9".repeat(max + 1), "9".repeat(100 * max), "1." + "5".repeat(max + 1), "1e" + "9".repeat(max)}) {
            var r = parser.parse(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"n\":" + huge + "}}")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(JsonRpcError.PARSE_ERROR, assertInstanceOf(JsonRpcParser.Result.Rejected.class, r).error().code(),
                    () -> huge.length() + " characters");
        }
    }

    @Test
    void parseWhenNestedDeeperThanTheLimitThenParseError() {
        int max = StreamReadConstraints.defaults().getMaxNestingDepth();
        assertTrue(max <= 1000, "documented in docs/security-tests.md: " + max);
        for (int depth : new int[]{max + 1, 10 * max, 100_000}) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + "[".repeat(depth)
                    + "]".repeat(depth) + "}}";
            var r = parser.parse(body.getBytes(StandardCharsets.UTF_8));
            assertEquals(JsonRpcError.PARSE_ERROR, assertInstanceOf(JsonRpcParser.Result.Rejected.class, r).error().code());
        }
        String within = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + "[".repeat(max - 3)
                + "]".repeat(max - 3) + "}}";
        assertInstanceOf(JsonRpcParser.Result.Parsed.class, parser.parse(within.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tokenParseWhenInputScaledThenNoWorkBeyondTheLengthCheck() {
        String token = new ApiTokenFormat().newToken("Abcdefgh");
        for (int size : new int[]{1_000, 10_000, 100_000, 1_000_000}) {
            String candidate = token + "x".repeat(size);
            ApiTokenFormat.parse(candidate); // warm-up
            long before = THREADS.getCurrentThreadAllocatedBytes();
            boolean refused = ApiTokenFormat.parse(candidate).isEmpty();
            long work = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertTrue(refused);
            assertTrue(work < 1024, size + ": " + work + " bytes");
        }
    }
}
