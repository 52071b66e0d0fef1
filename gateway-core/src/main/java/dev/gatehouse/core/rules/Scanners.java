package dev.gatehouse.core.rules;

/**
 * The hand-written candidate scanners behind {@link BuiltInDetector}; {@link Checks} validates what they
 * read. Word boundaries are ASCII ({@code [A-Za-z0-9_]}), as in RE2's {@code \b}.
 */
final class Scanners {
    private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA"};

    /** Receives a span {@code [start, end)}. */
    @FunctionalInterface
    interface Found {
        void span(int start, int end);
    }

    private Scanners() {
    }

    static void awsAccessKey(String t, Found found) {
        for (String prefix : AWS_PREFIXES) {
            for (int i = t.indexOf(prefix); i >= 0; i = t.indexOf(prefix, i + 1)) {
                int end = i + 20;
                if (boundaryBefore(t, i) && end <= t.length() && all(t, i + 4, end, Scanners::base32)
                        && boundaryAfter(t, end)) {
                    found.span(i, end);
                }
            }
        }
    }

    static void githubToken(String t, Found found) {
        for (int i = t.indexOf("gh"); i >= 0; i = t.indexOf("gh", i + 1)) {
            int end = i + 40;
            if (end <= t.length() && "pousr".indexOf(t.charAt(i + 2)) >= 0 && t.charAt(i + 3) == '_'
                    && boundaryBefore(t, i) && all(t, i + 4, end, Scanners::base62) && boundaryAfter(t, end)
                    && Checks.githubToken(t.substring(i, end))) {
                found.span(i, end);
            }
        }
        for (int i = t.indexOf("github_pat_"); i >= 0; i = t.indexOf("github_pat_", i + 1)) {
            int sep = i + 11 + 22;
            int end = sep + 1 + 59;
            if (end <= t.length() && boundaryBefore(t, i) && all(t, i + 11, sep, Scanners::base62)
                    && t.charAt(sep) == '_' && all(t, sep + 1, end, Scanners::base62) && boundaryAfter(t, end)) {
                found.span(i, end);
            }
        }
    }

    static void privateKey(String t, Found found) {
        String begin = "-----BEGIN ";
        for (int i = t.indexOf(begin); i >= 0; ) {
            int labelEnd = i + begin.length();
            while (labelEnd < t.length() && labelEnd - i < 80 && labelChar(t.charAt(labelEnd))) {
                labelEnd++;
            }
            String label = t.substring(i + begin.length(), labelEnd);
            int end = -1;
            if (t.startsWith("-----", labelEnd) && !label.startsWith(" ") && !label.contains("  ")
                    && (label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK"))) {
                end = Checks.privateKeyEnd(t, i, labelEnd + 5);
            }
            if (end > i) {
                found.span(i, end);
            }
            i = t.indexOf(begin, Math.max(end, i + 1));
        }
    }

    static void jwt(String t, Found found) {
        for (int i = t.indexOf("ey"); i >= 0; ) {
            int next = i + 2;
            if (i + 2 < t.length() && (t.charAt(i + 2) == 'J' || t.charAt(i + 2) == 'A') && boundaryBefore(t, i)) {
                int headerEnd = run(t, i, Scanners::base64url);
                int payloadEnd = headerEnd - i >= 10 && dotAt(t, headerEnd) ? run(t, headerEnd + 1, Scanners::base64url) : -1;
                int end = payloadEnd - headerEnd - 1 >= 2 && dotAt(t, payloadEnd) ? run(t, payloadEnd + 1, Scanners::base64url) : -1;
                if (end > 0 && Checks.jwt(t.substring(i, end))) {
                    found.span(i, end);
                    next = end;
                } else {
                    next = Math.max(headerEnd, i + 2); // a token cannot start inside a header that failed
                }
            }
            i = t.indexOf("ey", next);
        }
    }

    static void gatehouseToken(String t, Found found) {
        int length = dev.gatehouse.core.token.ApiTokenFormat.LENGTH;
        for (int i = t.indexOf("gth_"); i >= 0; i = t.indexOf("gth_", i + 1)) {
            if (i + length <= t.length() && Checks.gatehouseToken(t.substring(i, i + length))) {
                found.span(i, i + length);
                i += length - 1;
            }
        }
    }

    static void email(String t, Found found) {
        int from = 0;
        for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', Math.max(from, at + 1))) {
            int start = at;
            while (start > 0 && at - start < 64 && localChar(t.charAt(start - 1))) {
                start--;
            }
            while (start < at && t.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < t.length() && end - at <= 253 && domainChar(t.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (t.charAt(end - 1) == '.' || t.charAt(end - 1) == '-')) {
                end--;
            }
            if (start < at && end > at + 1 && Checks.email(t, start, end) > 0) {
                found.span(start, end);
                from = end;
            }
        }
    }

    static void phone(String t, Found found) {
        int n = t.length();
        for (int i = 0; i < n; ) {
            int end = international(t, i);
            if (end < 0) {
                end = northAmerican(t, i);
            }
            if (end > i) {
                found.span(i, end);
                i = end;
            } else {
                i++;
            }
        }
    }

    /** {@code (\+|\b00)[1-9][0-9 ().-]{6,22}[0-9]\b}, validated. */
    private static int international(String t, int i) {
        int p;
        if (t.charAt(i) == '+' && (i == 0 || !Character.isLetterOrDigit(t.charAt(i - 1)))) {
            p = i + 1;
        } else if (t.startsWith("00", i) && boundaryBefore(t, i)) {
            p = i + 2;
        } else {
            return -1;
        }
        if (p >= t.length() || t.charAt(p) < '1' || t.charAt(p) > '9') {
            return -1;
        }
        int q = p + 1;
        while (q < t.length() && q - p <= 23 && "0123456789 ().-".indexOf(t.charAt(q)) >= 0) {
            q++;
        }
        for (int e = q; e - p >= 8; e--) {
            if (digit(t.charAt(e - 1)) && boundaryAfter(t, e)) {
                return Checks.phone(t, i, e);
            }
        }
        return -1;
    }

    /** {@code (\([2-9][0-9]{2}\) ?|\b[2-9][0-9]{2}[ .-])[0-9]{3}[ .-][0-9]{4}\b}. */
    private static int northAmerican(String t, int i) {
        int p;
        if (t.charAt(i) == '(') {
            if (!(i + 5 <= t.length() && area(t, i + 1) && t.charAt(i + 4) == ')')) {
                return -1;
            }
            p = i + 5 < t.length() && t.charAt(i + 5) == ' ' ? i + 6 : i + 5;
        } else if (boundaryBefore(t, i) && i + 4 <= t.length() && area(t, i) && separator(t.charAt(i + 3))) {
            p = i + 4;
        } else {
            return -1;
        }
        int end = p + 8;
        return end <= t.length() && all(t, p, p + 3, Scanners::digit) && separator(t.charAt(p + 3))
                && all(t, p + 4, end, Scanners::digit) && boundaryAfter(t, end) ? end : -1;
    }

    private static boolean area(String t, int i) {
        return t.charAt(i) >= '2' && t.charAt(i) <= '9' && digit(t.charAt(i + 1)) && digit(t.charAt(i + 2));
    }

    /** {@code \b[0-9](?:[ -]?[0-9]){12,18}\b}: the longest such run from each word start, validated. */
    static void card(String t, Found found) {
        int n = t.length();
        int[] ends = new int[20];
        for (int i = 0; i < n; i++) {
            if (!digit(t.charAt(i)) || !boundaryBefore(t, i)) {
                continue;
            }
            int count = 0;
            int j = i;
            while (j < n && digit(t.charAt(j)) && count < 19) {
                ends[++count] = ++j;
                if (j + 1 < n && (t.charAt(j) == ' ' || t.charAt(j) == '-') && digit(t.charAt(j + 1))) {
                    j++;
                }
            }
            for (int k = count; k >= 13; k--) {
                if (boundaryAfter(t, ends[k])) {
                    if (Checks.card(t.substring(i, ends[k]))) {
                        found.span(i, ends[k]);
                        i = ends[k] - 1;
                    }
                    break;
                }
            }
        }
    }

    static void iban(String t, Found found) {
        int n = t.length();
        for (int i = 0; i + 3 < n; i++) {
            if (upper(t.charAt(i)) && upper(t.charAt(i + 1)) && digit(t.charAt(i + 2)) && digit(t.charAt(i + 3))
                    && boundaryBefore(t, i)) {
                int end = Checks.iban(t, i);
                if (end > i) {
                    found.span(i, end);
                    i = end - 1;
                }
            }
        }
    }

    static boolean word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean boundaryBefore(String t, int i) {
        return i == 0 || !word(t.charAt(i - 1));
    }

    static boolean boundaryAfter(String t, int end) {
        return end >= t.length() || !word(t.charAt(end));
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static boolean all(String t, int from, int to, CharTest test) {
        for (int k = from; k < to; k++) {
            if (!test.test(t.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int run(String t, int from, CharTest test) {
        int k = from;
        while (k < t.length() && test.test(t.charAt(k))) {
            k++;
        }
        return k;
    }

    private static boolean dotAt(String t, int i) {
        return i < t.length() && t.charAt(i) == '.';
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '.' || c == '-';
    }

    private static boolean base32(char c) {
        return upper(c) || (c >= '2' && c <= '7');
    }

    private static boolean base62(char c) {
        return word(c) && c != '_';
    }

    private static boolean base64url(char c) {
        return word(c) || c == '-';
    }

    private static boolean labelChar(char c) {
        return upper(c) || digit(c) || c == ' ';
    }

    private static boolean localChar(char c) {
        return word(c) || ".!#$%&'*+/=?^`{|}~-".indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return (c >= 'a' && c <= 'z') || upper(c) || digit(c) || c == '.' || c == '-';
    }
}
