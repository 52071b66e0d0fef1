package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.token.ApiTokenFormat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The validations behind the built-in detectors: what makes a candidate a real key, token, card number
 * or IBAN rather than a string of the same shape. Each runs in time linear in the candidate and never
 * throws.
 */
final class Checks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** IBAN length by country (the SWIFT IBAN registry). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LC", 32),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("LY", 25),
            Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MN", 20),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28), Map.entry("NL", 18),
            Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29),
            Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("RU", 33),
            Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    private Checks() {
    }

    /** True when {@code text} has at least {@code n} ASCII digits (a cheap pre-test for numeric detectors). */
    static boolean digits(String text, int n) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++count >= n) {
                return true;
            }
        }
        return false;
    }

    /**
     * GitHub's token formats (github.blog, 2021-04-05): {@code gh?_} + 30 random base62 characters + their
     * CRC32 in 6 base62 characters. Fine-grained tokens ({@code github_pat_}) have no published checksum:
     * the pattern's exact shape is their check.
     */
    static boolean githubToken(String token) {
        if (token.startsWith("github_pat_")) {
            return true;
        }
        String random = token.substring(4, 34);
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        return base62(crc.getValue(), 6).equals(token.substring(34));
    }

    static String base62(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return value == 0 ? new String(out) : "";
    }

    /** A Gatehouse token's shape and CRC32 checksum. */
    static boolean gatehouseToken(String candidate) {
        return ApiTokenFormat.parse(candidate).isPresent();
    }

    /**
     * The end of the private key block that begins at {@code start}: through its {@code -----END …-----}
     * line when the body between is base64 (PEM headers such as {@code Proc-Type} and a PGP checksum line
     * allowed), or to the end of the text when the block was cut off after at least 64 base64 characters.
     */
    static int privateKeyEnd(String text, int start, int headerEnd) {
        String header = text.substring(start, headerEnd);
        String label = header.substring("-----BEGIN ".length(), header.length() - "-----".length());
        String footer = "-----END " + label + "-----";
        int footerAt = text.indexOf(footer, headerEnd);
        int bodyEnd = footerAt < 0 ? text.length() : footerAt;
        int base64 = base64Body(text, headerEnd, bodyEnd);
        if (base64 < 0 || base64 < (footerAt < 0 ? 64 : 16)) {
            return -1;
        }
        return footerAt < 0 ? text.length() : footerAt + footer.length();
    }

    /** How many base64 characters the body holds; -1 if anything else is there. */
    private static int base64Body(String text, int from, int to) {
        int count = 0;
        for (String line : text.substring(from, to).split("\\r?\\n|\\\\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("=") || (l.indexOf(':') > 0 && count == 0)) {
                continue; // blank, a PGP checksum line, or a PEM header before the body
            }
            for (int i = 0; i < l.length(); i++) {
                char c = l.charAt(i);
                boolean b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/' || c == '=';
                if (!b64) {
                    return -1;
                }
            }
            count += l.length();
        }
        return count;
    }

    /** A JWS compact serialisation (RFC 7515): the header decodes to a JSON object with a string {@code alg}. */
    static boolean jwt(String candidate) {
        int dot = candidate.indexOf('.');
        int second = candidate.indexOf('.', dot + 1);
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(candidate.substring(0, dot)));
            Base64.getUrlDecoder().decode(candidate.substring(dot + 1, second));
            return header != null && header.isObject() && header.path("alg").isTextual();
        } catch (Exception e) {
            return false; // not base64url or not JSON: a look-alike
        }
    }

    /**
     * Where a well-formed address ends: a local part of at most 64 characters without edge or double
     * dots, a domain of labels (1 to 63 characters, no edge hyphens) ending in an alphabetic TLD.
     */
    static int email(String text, int start, int end) {
        String candidate = text.substring(start, end);
        int at = candidate.indexOf('@');
        String local = candidate.substring(0, at);
        String domain = candidate.substring(at + 1);
        if (local.isEmpty() || local.length() > 64 || local.endsWith(".") || local.contains("..")
                || candidate.length() > 254) {
            return -1;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return -1;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return -1;
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2 || !tld.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            return -1;
        }
        return end;
    }

    /** An international number has 8 to 15 digits (E.164) and no doubled separators; a North American one matched exactly. */
    static int phone(String text, int start, int end) {
        String candidate = text.substring(start, end);
        if (!candidate.startsWith("+") && !candidate.startsWith("00")) {
            return end;
        }
        if (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
            return -1;
        }
        int digits = 0;
        char previous = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (i > 0 && !(previous >= '0' && previous <= '9')
                    && !(previous == ')' && c == ' ') && !(previous == ' ' && c == '(')) {
                return -1; // two separators in a row: not how a number is written
            }
            previous = c;
        }
        if (candidate.startsWith("00")) {
            digits -= 2;
        }
        return digits >= 8 && digits <= 15 ? end : -1;
    }

    /** 13 to 19 digits, one kind of separator at most, a known issuer range, and a valid Luhn check digit. */
    static boolean card(String candidate) {
        boolean spaces = candidate.indexOf(' ') >= 0;
        boolean dashes = candidate.indexOf('-') >= 0;
        if (spaces && dashes) {
            return false;
        }
        String digits = candidate.replace(" ", "").replace("-", "");
        return digits.length() >= 13 && digits.length() <= 19 && knownIssuer(digits) && luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Visa, Mastercard, American Express, Discover, JCB, Diners Club, UnionPay and Maestro ranges. */
    private static boolean knownIssuer(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        int three = Integer.parseInt(d.substring(0, 3));
        int n = d.length();
        return (d.charAt(0) == '4' && (n == 13 || n == 16 || n == 19))
                || (two >= 51 && two <= 55 && n == 16) || (four >= 2221 && four <= 2720 && n == 16)
                || ((two == 34 || two == 37) && n == 15)
                || ((four == 6011 || two == 65 || (three >= 644 && three <= 649)) && n >= 16)
                || (four >= 3528 && four <= 3589 && n >= 16)
                || ((two == 36 || two == 38 || two == 39 || (three >= 300 && three <= 305)) && n >= 14)
                || (two == 62 && n >= 16)
                || ((two == 50 || (two >= 56 && two <= 69)) && n >= 12);
    }

    /**
     * Where an IBAN that starts at {@code start} ends: exactly its country's length of letters and
     * digits (single spaces allowed between them), at a word boundary, with check digits valid under
     * ISO 13616 mod-97; -1 otherwise.
     */
    static int iban(String text, int start) {
        if (start + 2 > text.length()) {
            return -1;
        }
        Integer length = IBAN_LENGTHS.get(text.substring(start, start + 2));
        if (length == null) {
            return -1;
        }
        StringBuilder compact = new StringBuilder(length);
        int i = start;
        while (i < text.length() && compact.length() < length) {
            char c = text.charAt(i);
            if (c == ' ' && i > start && text.charAt(i - 1) != ' ' && i + 1 < text.length() && text.charAt(i + 1) != ' ') {
                i++;
                continue;
            }
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return -1;
            }
            compact.append(c);
            i++;
        }
        if (compact.length() != length || !Scanners.boundaryAfter(text, i)) {
            return -1;
        }
        return mod97(compact) == 1 ? i : -1;
    }

    /** The IBAN's remainder modulo 97, with the first four characters moved to the end and letters as 10..35. */
    static int mod97(CharSequence iban) {
        int remainder = 0;
        int n = iban.length();
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
        }
        return remainder;
    }
}
