package dev.gatehouse.core.rules;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal prefilter may only skip texts the pattern cannot match. */
class RequiredLiteralTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", nullValues = "NONE", value = {
            "[a-z0-9-]+\\.corp\\.example\\.com => .corp.example.com",
            "PRJ-[0-9]{6} => PRJ-",
            "(?i)drop\\s+table => table",
            "secret_?key => secret",
            "ab+cd => ab",
            "abc{0,2}de => ab",
            "abcx?yz => abc",
            "foo(bar|baz)qux => foo",
            "foo|bar => NONE",
            "(?s)secret.* => NONE",
            "a(?i:bc) => NONE",
            "\\x41BCD => NONE",
            "\\pLxyz => xyz",
            "\\p{Greek}abc => abc",
            "a{ => a{",
            "[|]ab => ab",
            "\\d{3}-\\d{2}-\\d{4} => NONE"})
    void ofWhenPatternThenLongestCertainLiteral(String regex, String expected) {
        assertEquals(Optional.ofNullable(expected), RequiredLiteral.of(regex).map(RequiredLiteral::text));
    }

    @Test
    void foundInWhenEverMatchThenLiteralPresent() {
        List<String> patterns = List.of("ab+cd", "abc{0,2}de", "abcx?yz", "foo(bar|baz)qux", "x[ab]yz*w", "(?i)kelvin",
                "(?i)ss+t", "a.b.cd", "q(r)+st", "m\\.n\\+o", "^start", "end$", "a[]b]cd", "(x|y)zz");
        Random random = new Random(7);
        String alphabet = "abcdefkmnoqrstuvwxyz.+KS\u212A\u017F]";
        for (String regex : patterns) {
            Pattern pattern = Pattern.compile(regex);
            Optional<RequiredLiteral> literal = RequiredLiteral.of(regex);
            for (int n = 0; n < 20_000; n++) {
                StringBuilder text = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String s = random.nextBoolean() ? text.toString() : text + sample(regex, random) + text;
                if (pattern.matcher(s).find()) {
                    assertTrue(literal.map(l -> l.foundIn(s)).orElse(true), regex + " matches '" + s + "'");
                }
            }
        }
    }

    /** Text that often matches the pattern, so the property is tested on matches, not only misses. */
    private static String sample(String regex, Random random) {
        return switch (regex) {
            case "ab+cd" -> "a" + "b".repeat(1 + random.nextInt(3)) + "cd";
            case "abc{0,2}de" -> "ab" + "c".repeat(random.nextInt(3)) + "de";
            case "abcx?yz" -> random.nextBoolean() ? "abcyz" : "abcxyz";
            case "foo(bar|baz)qux" -> "foobazqux";
            case "(?i)kelvin" -> random.nextBoolean() ? "\u212AELVIN" : "KeLvIn";
            case "(?i)ss+t" -> "\u017Fs\u017FT";
            case "q(r)+st" -> "qrrst";
            case "a[]b]cd" -> "a]cd";
            default -> "";
        };
    }
}
