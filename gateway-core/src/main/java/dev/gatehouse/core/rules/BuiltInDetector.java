package dev.gatehouse.core.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gatehouse's own detectors. Each finds candidates with an RE2 pattern (linear time), after a cheap
 * test that skips texts which cannot hold one, and then validates each candidate the way its issuer
 * defines it (checksum, check digits, decodable structure), so that look-alikes are not flagged.
 */
public enum BuiltInDetector implements Detector {
    /** AWS access key ids: a known four-letter prefix and 16 base32 characters. */
    AWS_ACCESS_KEY("aws_access_key", Group.SECRETS, new Patterned(
            "\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\\b",
            t -> t.contains("AKIA") || t.contains("ASIA") || t.contains("ABIA") || t.contains("ACCA"),
            (t, s, e) -> e)),
    /** GitHub tokens: classic ones with their CRC32 checksum, fine-grained ones by shape (no public checksum). */
    GITHUB_TOKEN("github_token", Group.SECRETS, new Patterned(
            "\\b(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\\b",
            t -> t.contains("gh") || t.contains("github_pat_"), (t, s, e) -> Checks.githubToken(t.substring(s, e)) ? e : -1)),
    /** PEM and OpenSSH private key blocks whose body is base64, and PGP private key blocks. */
    PRIVATE_KEY("private_key", Group.SECRETS, new Patterned(
            "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
            t -> t.contains("-----BEGIN "), Checks::privateKeyEnd).unbounded()),
    /** JSON Web Tokens: base64url parts whose header decodes to a JSON object naming its {@code alg}. */
    JWT("jwt", Group.SECRETS, new Patterned(
            "\\bey[JA][A-Za-z0-9_-]{7,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*",
            t -> t.contains("eyJ") || t.contains("eyA"), (t, s, e) -> Checks.jwt(t.substring(s, e)) ? e : -1).unbounded()),
    /** Gatehouse API tokens, by their CRC32 checksum. */
    GATEHOUSE_TOKEN("gatehouse_token", Group.SECRETS, new Patterned(
            "gth_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}",
            t -> t.contains("gth_"), (t, s, e) -> Checks.gatehouseToken(t.substring(s, e)) ? e : -1)),
    /** E-mail addresses with a well-formed local part and domain. */
    EMAIL("email", Group.PERSONAL_DATA, new Patterned(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-][A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+",
            t -> t.indexOf('@') >= 0, Checks::email).unbounded()),
    /** Phone numbers: international ({@code +} or {@code 00}, 8 to 15 digits) or North American with separators. */
    PHONE("phone", Group.PERSONAL_DATA, new Patterned(
            "(?:\\+|\\b00)[1-9][0-9 ().-]{6,22}[0-9]\\b"
                    + "|(?:\\([2-9][0-9]{2}\\) ?|\\b[2-9][0-9]{2}[ .-])[0-9]{3}[ .-][0-9]{4}\\b",
            t -> Checks.digits(t, 7), Checks::phone)),
    /** Payment card numbers: 13 to 19 digits of a known issuer range passing the Luhn check. */
    CARD_NUMBER("card_number", Group.PERSONAL_DATA, new Patterned(
            "\\b[0-9](?:[ -]?[0-9]){12,18}\\b",
            t -> Checks.digits(t, 13), (t, s, e) -> Checks.card(t.substring(s, e)) ? e : -1)),
    /** IBANs of a registered country, of that country's length, with valid mod-97 check digits. */
    IBAN("iban", Group.PERSONAL_DATA, new Patterned(
            "\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,32}\\b",
            t -> Checks.digits(t, 4), Checks::iban));

    /** Named sets of detectors an admin can pick at once. */
    public enum Group {
        SECRETS("secrets"),
        PERSONAL_DATA("personal_data");

        private final String wireName;

        Group(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public Set<BuiltInDetector> members() {
            EnumSet<BuiltInDetector> set = EnumSet.noneOf(BuiltInDetector.class);
            for (BuiltInDetector d : BuiltInDetector.values()) {
                if (d.group == this) {
                    set.add(d);
                }
            }
            return set;
        }
    }

    private final String wireName;
    private final Group group;
    private final Patterned impl;

    BuiltInDetector(String wireName, Group group, Patterned impl) {
        this.wireName = wireName;
        this.group = group;
        this.impl = impl;
    }

    public String wireName() {
        return wireName;
    }

    public Group group() {
        return group;
    }

    @Override
    public String detectorName() {
        return wireName;
    }

    @Override
    public void find(String text, Sink sink) {
        if (!impl.mayContain.test(text)) {
            return;
        }
        Matcher m = impl.pattern.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int end = impl.validEnd.end(text, m.start(), m.end());
            if (end > m.start()) {
                sink.found(m.start(), end, this);
                from = end;
            } else {
                // a short candidate may hide a valid one inside it; a long one is skipped whole, so a
                // text of many long look-alikes still costs time linear in its length
                from = impl.bounded ? m.start() + 1 : m.end();
            }
        }
    }

    /** The detector or group with this wire name: one detector, or every member of a group. */
    public static Optional<Set<BuiltInDetector>> fromWire(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Group g : Group.values()) {
            if (g.wireName.equals(v)) {
                return Optional.of(g.members());
            }
        }
        for (BuiltInDetector d : values()) {
            if (d.wireName.equals(v)) {
                return Optional.of(EnumSet.of(d));
            }
        }
        return Optional.empty();
    }

    /** A candidate pattern, a cheap test for texts that cannot hold a candidate, and the validation. */
    private static final class Patterned {
        final Pattern pattern;
        final java.util.function.Predicate<String> mayContain;
        final ValidEnd validEnd;
        final boolean bounded;

        Patterned(String regex, java.util.function.Predicate<String> mayContain, ValidEnd validEnd) {
            this(Pattern.compile(regex), mayContain, validEnd, true);
        }

        private Patterned(Pattern pattern, java.util.function.Predicate<String> mayContain, ValidEnd validEnd,
                          boolean bounded) {
            this.pattern = pattern;
            this.mayContain = mayContain;
            this.validEnd = validEnd;
            this.bounded = bounded;
        }

        /** Candidates of unbounded length: after an invalid one, the search resumes at its end. */
        Patterned unbounded() {
            return new Patterned(pattern, mayContain, validEnd, false);
        }
    }

    /** Where a valid finding that starts at the candidate's start ends; -1 when the candidate is not valid. */
    @FunctionalInterface
    interface ValidEnd {
        int end(String text, int start, int candidateEnd);
    }
}
