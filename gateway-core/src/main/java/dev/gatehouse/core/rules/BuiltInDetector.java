package dev.gatehouse.core.rules;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gatehouse's own detectors. Each looks for the one character sequence every candidate must contain
 * (an {@code @}, a known prefix, a run of digits at a word boundary), reads the candidate around it by
 * hand, and validates it the way its issuer defines it (checksum, check digits, decodable structure),
 * so look-alikes are not flagged. Every scanner visits each character a bounded number of times:
 * linear in the text, and much faster than a general regular-expression engine.
 */
public enum BuiltInDetector implements Detector {
    /** AWS access key ids: a known four-letter prefix and 16 base32 characters. */
    AWS_ACCESS_KEY("aws_access_key", Group.SECRETS, Scanners::awsAccessKey),
    /** GitHub tokens: classic ones with their CRC32 checksum, fine-grained ones by shape (no public checksum). */
    GITHUB_TOKEN("github_token", Group.SECRETS, Scanners::githubToken),
    /** PEM and OpenSSH private key blocks whose body is base64, and PGP private key blocks. */
    PRIVATE_KEY("private_key", Group.SECRETS, Scanners::privateKey),
    /** JSON Web Tokens: base64url parts whose header decodes to a JSON object naming its {@code alg}. */
    JWT("jwt", Group.SECRETS, Scanners::jwt),
    /** Gatehouse API tokens, by their CRC32 checksum. */
    GATEHOUSE_TOKEN("gatehouse_token", Group.SECRETS, Scanners::gatehouseToken),
    /** E-mail addresses with a well-formed local part and domain. */
    EMAIL("email", Group.PERSONAL_DATA, Scanners::email),
    /** Phone numbers: international ({@code +} or {@code 00}, 8 to 15 digits) or North American with separators. */
    PHONE("phone", Group.PERSONAL_DATA, Scanners::phone),
    /** Payment card numbers: 13 to 19 digits of a known issuer range passing the Luhn check. */
    CARD_NUMBER("card_number", Group.PERSONAL_DATA, Scanners::card),
    /** IBANs of a registered country, of that country's length, with valid mod-97 check digits. */
    IBAN("iban", Group.PERSONAL_DATA, Scanners::iban);

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

    /** Finds this detector's spans in a text. */
    @FunctionalInterface
    interface Scanner {
        void scan(String text, Scanners.Found found);
    }

    private final String wireName;
    private final Group group;
    private final Scanner scanner;

    BuiltInDetector(String wireName, Group group, Scanner scanner) {
        this.wireName = wireName;
        this.group = group;
        this.scanner = scanner;
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
        scanner.scan(text, (start, end) -> sink.found(start, end, this));
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
}
