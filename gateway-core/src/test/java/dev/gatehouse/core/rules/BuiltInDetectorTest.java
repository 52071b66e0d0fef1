package dev.gatehouse.core.rules;

import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each built-in detector: what it must find (exactly that span) and look-alikes it must leave alone. */
class BuiltInDetectorTest {
    private static final String GATEHOUSE_TOKEN = new ApiTokenFormat().newToken("Ab3dE6gH");
    private static final String GITHUB_TOKEN = github("ghp_", "R8bKxX0tP3nQ7vL2mZ9sW4yC6hJ1dF");
    private static final String JWT = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"42\"}")
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
            + "aFDrBz9vFqU4yBVx2LqGqBpDoN3ygFZSmPfL0ZrLm6E5e+Q0e1FXu1lq5kR4mQ==\n-----END RSA PRIVATE KEY-----";

    static Stream<Arguments> positives() {
        return Stream.of(
                Arguments.of(BuiltInDetector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE"),
                Arguments.of(BuiltInDetector.AWS_ACCESS_KEY, "ASIAY34FZKBOKMUTVV7A"),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, GITHUB_TOKEN),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, github("gho_", "16C7e42F292c6912E7710c838347Ae")),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, "github_pat_11ABCDEFG0123456789abc_" + "x".repeat(59)),
                Arguments.of(BuiltInDetector.PRIVATE_KEY, PEM),
                Arguments.of(BuiltInDetector.PRIVATE_KEY, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----"),
                Arguments.of(BuiltInDetector.JWT, JWT),
                Arguments.of(BuiltInDetector.GATEHOUSE_TOKEN, GATEHOUSE_TOKEN),
                Arguments.of(BuiltInDetector.EMAIL, "alice.smith+tag@example.co.uk"),
                Arguments.of(BuiltInDetector.PHONE, "+44 20 7946 0958"),
                Arguments.of(BuiltInDetector.PHONE, "(415) 555-2671"),
                Arguments.of(BuiltInDetector.PHONE, "415-555-2671"),
                Arguments.of(BuiltInDetector.PHONE, "0049 30 901820"),
                Arguments.of(BuiltInDetector.CARD_NUMBER, "4111 1111 1111 1111"),
                Arguments.of(BuiltInDetector.CARD_NUMBER, "5555555555554444"),
                Arguments.of(BuiltInDetector.CARD_NUMBER, "3782-822463-10005"),
                Arguments.of(BuiltInDetector.IBAN, "DE89 3704 0044 0532 0130 00"),
                Arguments.of(BuiltInDetector.IBAN, "GB82WEST12345698765432"),
                Arguments.of(BuiltInDetector.IBAN, "FR1420041010050500013M02606"));
    }

    static Stream<Arguments> negatives() {
        return Stream.of(
                Arguments.of(BuiltInDetector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPL1"), // 1 is not base32
                Arguments.of(BuiltInDetector.AWS_ACCESS_KEY, "XAKIAIOSFODNN7EXAMPLE"),
                Arguments.of(BuiltInDetector.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLEX"),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, flipLast(GITHUB_TOKEN)),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, "ghp_" + "a".repeat(36)),
                Arguments.of(BuiltInDetector.GITHUB_TOKEN, "ghx_" + GITHUB_TOKEN.substring(4)),
                Arguments.of(BuiltInDetector.PRIVATE_KEY, "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----"),
                Arguments.of(BuiltInDetector.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\nthis is not base64 at all!\n-----END PRIVATE KEY-----"),
                Arguments.of(BuiltInDetector.PRIVATE_KEY, "the header -----BEGIN PRIVATE KEY----- alone"),
                Arguments.of(BuiltInDetector.JWT, b64("{\"typ\":\"JWT\"}") + "." + b64("{}") + ".sig"), // no alg
                Arguments.of(BuiltInDetector.JWT, "eyJhbGciOiJub25l.not-base64-json.x"),
                Arguments.of(BuiltInDetector.JWT, "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"), // a header alone
                Arguments.of(BuiltInDetector.GATEHOUSE_TOKEN, flipLast(GATEHOUSE_TOKEN)),
                Arguments.of(BuiltInDetector.EMAIL, "alice@localhost"),
                Arguments.of(BuiltInDetector.EMAIL, "alice.@example.com"),
                Arguments.of(BuiltInDetector.EMAIL, "a..b@example.com"),
                Arguments.of(BuiltInDetector.EMAIL, "user@example.c0m"),
                Arguments.of(BuiltInDetector.PHONE, "+1 2"),
                Arguments.of(BuiltInDetector.PHONE, "2024-01-15"),
                Arguments.of(BuiltInDetector.PHONE, "version 1.2.3.4"),
                Arguments.of(BuiltInDetector.PHONE, "+44 -- 20 7946 0958"),
                Arguments.of(BuiltInDetector.CARD_NUMBER, "4111 1111 1111 1112"), // Luhn fails
                Arguments.of(BuiltInDetector.CARD_NUMBER, "1234567812345670"), // Luhn passes, no issuer
                Arguments.of(BuiltInDetector.CARD_NUMBER, "4111-1111 1111-1111"), // mixed separators
                Arguments.of(BuiltInDetector.CARD_NUMBER, "1732550000000"), // a timestamp
                Arguments.of(BuiltInDetector.IBAN, "DE89 3704 0044 0532 0130 01"), // check digits fail
                Arguments.of(BuiltInDetector.IBAN, "XX89370400440532013000"), // no such country
                Arguments.of(BuiltInDetector.IBAN, "GB82WEST1234569876543")); // one character short
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @MethodSource("positives")
    void findWhenValidValueInTextThenExactlyItsSpan(BuiltInDetector detector, String value) {
        String text = "before " + value + " after";

        assertEquals(List.of("7-" + (7 + value.length())), spans(detector, text));
        assertEquals(List.of("0-" + value.length()), spans(detector, value));
    }

    @ParameterizedTest(name = "{0} leaves {1}")
    @MethodSource("negatives")
    void findWhenLookAlikeThenNothing(BuiltInDetector detector, String value) {
        assertEquals(List.of(), spans(detector, "before " + value + " after"));
    }

    static List<String> spans(Detector detector, String text) {
        List<String> out = new ArrayList<>();
        detector.find(text, (s, e, d) -> out.add(s + "-" + e));
        return out;
    }

    /** A classic GitHub token for the 30 random characters: CRC32 of them in 6 base62 characters. */
    static String github(String prefix, String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long v = crc.getValue();
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sum.insert(0, alphabet.charAt((int) (v % 62)));
            v /= 62;
        }
        return prefix + random + sum;
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String flipLast(String s) {
        char last = s.charAt(s.length() - 1);
        return s.substring(0, s.length() - 1) + (last == 'a' ? 'b' : 'a');
    }
}
