package dev.gatehouse.core.text;

/**
 * Text that a client chose and an admin reads (a client's name from registration, its metadata
 * document or {@code initialize}): bidirectional controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069)
 * are removed, so "Trusted\u202Eppa" cannot show an admin a name other than the one stored (Trojan
 * Source, CVE-2021-42574), and other control characters become spaces.
 */
public final class DisplayText {
    private DisplayText() {
    }

    /** The text without bidirectional controls, other controls as spaces; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bidi = isBidiControl(c);
            boolean control = !bidi && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029');
            if (bidi || control) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                if (control) {
                    out.append(' ');
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The Unicode bidirectional formatting characters (UAX #9): marks, embeddings, overrides, isolates. */
    public static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
