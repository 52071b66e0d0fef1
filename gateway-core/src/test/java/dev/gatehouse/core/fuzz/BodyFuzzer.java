package dev.gatehouse.core.fuzz;

/**
 * Fuzz target feeding raw bytes to the JSON-RPC envelope parser: whatever they are (not even UTF-8), it
 * answers within the invariants of {@link EnvelopeFuzzer#check} and never throws.
 */
public final class BodyFuzzer {
    private BodyFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] body) {
        EnvelopeFuzzer.check(body, EnvelopeFuzzer.parser().parse(body));
    }
}
