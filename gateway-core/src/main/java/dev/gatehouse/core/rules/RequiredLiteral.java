package dev.gatehouse.core.rules;

import java.util.Optional;

/**
 * A literal text every match of a regular expression must contain, found conservatively from the
 * pattern's top level, so a text without it is skipped without running the (linear, but not fast) RE2
 * engine. {@code indexOf} finds a literal much faster than any automaton walks a text.
 * <p>
 * Only what is certain counts: a top-level alternation, {@code \Q…\E} quoting or flags other than a
 * leading {@code (?i)} give no literal; groups, classes, escapes such as {@code \d} and optional
 * characters end a literal run. Case-insensitive literals are ASCII-only, and compare the two
 * non-ASCII characters RE2 folds to ASCII letters ({@code K} Kelvin sign, {@code ſ} long s) too.
 */
final class RequiredLiteral {
    private static final int MIN_LENGTH = 2;
    private static final String ESCAPED_LITERALS = "\\.+*?()|[]{}^$/-#&~ ,:;<>=!@%\"'`";

    private final String text;
    private final boolean ignoreCase;

    private RequiredLiteral(String text, boolean ignoreCase) {
        this.text = ignoreCase ? text.toLowerCase(java.util.Locale.ROOT) : text;
        this.ignoreCase = ignoreCase;
    }

    /** The longest literal every match contains, if the pattern shows one of at least two characters. */
    static Optional<RequiredLiteral> of(String regex) {
        boolean ignoreCase = false;
        String p = regex;
        if (p.startsWith("(?i)")) {
            ignoreCase = true;
            p = p.substring(4);
        }
        if (p.contains("\\Q") || hasFlags(p)) {
            return Optional.empty();
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '|') {
                return Optional.empty(); // top level: no part of the pattern is required
            }
            if (c == '(' || c == '[') {
                best = longer(best, run);
                int end = c == '(' ? closeGroup(p, i) : closeClass(p, i);
                if (end < 0) {
                    return Optional.empty();
                }
                i = end + 1;
                continue;
            }
            int close = c == '{' ? repetitionEnd(p, i) : -1;
            if (c == '*' || c == '?' || (close > 0 && p.charAt(i + 1) == '0')) {
                if (!run.isEmpty()) {
                    run.setLength(run.length() - 1); // the character before is optional
                }
                best = longer(best, run);
                i = close > 0 ? close + 1 : i + 1;
                continue;
            }
            if (c == '+' || close > 0) {
                best = longer(best, run); // repeated: what follows is not adjacent to it
                i = close > 0 ? close + 1 : i + 1;
                continue;
            }
            if (c == '.' || c == '^' || c == '$') {
                best = longer(best, run);
                i++;
                continue;
            }
            if (c == '\\') {
                if (i + 1 >= p.length()) {
                    return Optional.empty();
                }
                char e = p.charAt(i + 1);
                if (ESCAPED_LITERALS.indexOf(e) >= 0) {
                    run.append(e);
                    i += 2;
                } else if ("dDsSwWbBAz".indexOf(e) >= 0) {
                    best = longer(best, run);
                    i += 2;
                } else if (e == 'p' || e == 'P') {
                    best = longer(best, run);
                    if (i + 2 < p.length() && p.charAt(i + 2) == '{') {
                        int end = p.indexOf('}', i);
                        if (end < 0) {
                            return Optional.empty();
                        }
                        i = end + 1;
                    } else {
                        i += 3; // a one-letter class such as \pL
                    }
                } else {
                    return Optional.empty(); // \x, octal, control escapes: not worth the risk
                }
                continue;
            }
            run.append(c);
            i++;
        }
        best = longer(best, run);
        if (best.length() < MIN_LENGTH || (ignoreCase && !best.chars().allMatch(ch -> ch < 128))) {
            return Optional.empty();
        }
        return Optional.of(new RequiredLiteral(best, ignoreCase));
    }

    /** True when {@code s} may match: it contains the literal. */
    boolean foundIn(String s) {
        return ignoreCase ? indexOfIgnoreCase(s) >= 0 : s.contains(text);
    }

    String text() {
        return text;
    }

    private int indexOfIgnoreCase(String s) {
        int n = text.length();
        char first = text.charAt(0);
        for (int i = 0; i + n <= s.length(); i++) {
            if (fold(s.charAt(i)) == first) {
                int k = 1;
                while (k < n && fold(s.charAt(i + k)) == text.charAt(k)) {
                    k++;
                }
                if (k == n) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + 32);
        }
        if (c == '\u212A') {
            return 'k';
        }
        return c == '\u017F' ? 's' : c;
    }

    private static String longer(String best, StringBuilder run) {
        String r = run.toString();
        run.setLength(0);
        return r.length() > best.length() ? r : best;
    }

    /** The index of the '}' closing a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code brace}; -1 if it is a literal '{'. */
    private static int repetitionEnd(String p, int brace) {
        int i = brace + 1;
        int digits = 0;
        while (i < p.length() && Character.isDigit(p.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= p.length()) {
            return -1;
        }
        if (p.charAt(i) == ',') {
            i++;
            while (i < p.length() && Character.isDigit(p.charAt(i))) {
                i++;
            }
        }
        return i < p.length() && p.charAt(i) == '}' ? i : -1;
    }

    /** True when the pattern sets flags anywhere ({@code (?i)}, {@code (?s:…)}); plain and named groups are fine. */
    private static boolean hasFlags(String p) {
        for (int i = p.indexOf("(?"); i >= 0; i = p.indexOf("(?", i + 1)) {
            int backslashes = 0;
            while (i - backslashes > 0 && p.charAt(i - backslashes - 1) == '\\') {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                continue; // an escaped parenthesis
            }
            if (i + 2 >= p.length() || (p.charAt(i + 2) != ':' && p.charAt(i + 2) != 'P')) {
                return true;
            }
        }
        return false;
    }

    private static int closeGroup(String p, int open) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = closeClass(p, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int closeClass(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++; // a leading ] is a member
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int end = p.indexOf(":]", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 1;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }
}
