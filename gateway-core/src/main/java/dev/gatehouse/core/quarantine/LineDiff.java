package dev.gatehouse.core.quarantine;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts ({@code "  "} same, {@code "- "} removed, {@code "+ "} added), by longest
 * common subsequence; where lines changed, the removed ones come before the added ones, as {@code diff -u} shows them. Tool definitions are short; beyond {@link #MAX_CELLS} the diff is every old line
 * removed and every new line added.
 */
public final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    public static List<String> of(String before, String after) {
        String[] a = before == null || before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after == null || after.isEmpty() ? new String[0] : after.split("\n", -1);
        List<String> out = new ArrayList<>();
        if ((long) a.length * b.length > MAX_CELLS) {
            for (String line : a) {
                out.add("- " + line);
            }
            for (String line : b) {
                out.add("+ " + line);
            }
            return out;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a[i++]); // of a changed line, the old one first, as diff prints it
            } else {
                out.add("+ " + b[j++]);
            }
        }
        return out;
    }
}
