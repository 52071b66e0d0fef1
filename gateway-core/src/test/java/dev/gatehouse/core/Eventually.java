package dev.gatehouse.core;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of sleeping and hoping: polls {@code probe} until its value is accepted, for at
 * most a bound, and fails with the last value seen. Audit records are written in the background (group commit)
 * and other nodes refresh on their own schedule, so tests wait for the outcome, never for a fixed time.
 */
public final class Eventually {
    public static final Duration BOUND = Duration.ofSeconds(15);

    private Eventually() {
    }

    /** The first value of {@code probe} that {@code accepted} takes, within {@link #BOUND}. */
    public static <T> T await(Supplier<T> probe, Predicate<? super T> accepted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        T last = probe.get();
        while (!accepted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + BOUND.toSeconds() + " s; last seen: " + last);
            }
            Thread.sleep(20);
            last = probe.get();
        }
        return last;
    }
}
