package dev.gatehouse.core.rules;

/**
 * Finds spans of one text: a compiled regular expression or a built-in, validating detector. Runs in
 * time linear in the text and never throws on any input.
 */
public interface Detector {
    /** The name written to audit records ({@code regex} or a built-in's wire name). */
    String detectorName();

    /** Reports each span found in {@code text} (in any order; overlapping spans are joined by the caller). */
    void find(String text, Sink sink);

    /** Receives the spans a detector found: {@code [start, end)} of the text. */
    @FunctionalInterface
    interface Sink {
        void found(int start, int end, Detector detector);
    }
}
