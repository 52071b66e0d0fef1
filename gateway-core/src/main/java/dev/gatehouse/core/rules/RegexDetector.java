package dev.gatehouse.core.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * An admin's regular expression, compiled once with RE2/J: matching is linear in the input whatever the
 * pattern, so no rule can stall the gateway (no catastrophic backtracking; RE2 refuses backreferences
 * and look-around at compile time instead). A text without the pattern's {@link RequiredLiteral} is
 * skipped without running the automaton.
 */
final class RegexDetector implements Detector {
    private final Pattern pattern;
    private final RequiredLiteral literal;

    private RegexDetector(Pattern pattern, RequiredLiteral literal) {
        this.pattern = pattern;
        this.literal = literal;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws IllegalArgumentException with RE2's description when the pattern is not valid RE2 syntax
     */
    static RegexDetector compile(String regex) {
        try {
            return new RegexDetector(Pattern.compile(regex), RequiredLiteral.of(regex).orElse(null));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + (e.getPattern() == null ? "" : " in '" + e.getPattern() + "'"));
        }
    }

    @Override
    public String detectorName() {
        return "regex";
    }

    @Override
    public void find(String text, Sink sink) {
        if (literal != null && !literal.foundIn(text)) {
            return; // no match can lack the literal: skip the automaton
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) { // an empty match marks nothing
                sink.found(m.start(), m.end(), this);
            }
        }
    }

    @Override
    public String toString() {
        return "regex /" + pattern.pattern() + "/";
    }
}
