package dev.gatehouse.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MCP messages are UTF-8 (docs/security-tests.md, row 213): a {@code Content-Type} naming another charset
 * and a body in UTF-16 or UTF-32 (with or without a byte order mark) are refused with {@code 415} and a
 * JSON-RPC error before the message is parsed; {@code charset=utf-8} is accepted in any case and quoted.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Utf8BodiesTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":\"enc\",\"method\":\"ping\"}";
    private GatewayHarness gw;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
    }

    private RawHttp.Reply post(byte[] body, String contentType) throws Exception {
        return RawHttp.exchangeBytes(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", body,
                "Authorization: Bearer " + gw.quickstartToken, "Content-Type: " + contentType,
                "Accept: application/json");
    }

    private static byte[] withBom(byte[] bom, byte[] body) {
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        return all;
    }

    @ParameterizedTest
    @CsvSource({"UTF-16LE, FFFE", "UTF-16BE, FEFF", "UTF-16LE, ''", "UTF-16BE, ''",
            "UTF-32LE, FFFE0000", "UTF-32BE, 0000FEFF", "UTF-32LE, ''", "UTF-32BE, ''"})
    void postWhenTheBodyIsUtf16Or32ThenRefused415WithoutParsingIt(String encoding, String bom) throws Exception {
        byte[] body = withBom(java.util.HexFormat.of().parseHex(bom), PING.getBytes(Charset.forName(encoding)));
        RawHttp.Reply r = post(body, "application/json");
        assertEquals(415, r.status(), r.body());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Unsupported Media Type: MCP messages must be UTF-8, not a body in " + encoding.substring(0, 6)
                + "\"}}", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-16", "UTF-16LE", "iso-8859-1", "\"utf-32\"", "us-ascii"})
    void postWhenTheContentTypeNamesAnotherCharsetThenRefused415NamingIt(String charset) throws Exception {
        byte[] body = PING.getBytes(charset.contains("16") ? StandardCharsets.UTF_16LE : StandardCharsets.US_ASCII);
        RawHttp.Reply r = post(body, "application/json; charset=" + charset);
        assertEquals(415, r.status(), r.body());
        // the container may normalise the charset's spelling (ISO-8859-1)
        assertTrue(r.body().toLowerCase(java.util.Locale.ROOT).contains("\"code\":-32000,\"message\":\"unsupported media type: "
                + "mcp messages must be utf-8, not charset=" + charset.replace("\"", "").toLowerCase(java.util.Locale.ROOT) + "\""), r.body());
        assertEquals("close", r.header("Connection"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=UTF-8",
            "application/json; Charset=\"Utf-8\"", "application/json"})
    void postWhenUtf8InAnySpellingThenServed(String contentType) throws Exception {
        RawHttp.Reply r = post(PING.getBytes(StandardCharsets.UTF_8), contentType);
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"enc\",\"result\":{}}", r.body());
    }
}
