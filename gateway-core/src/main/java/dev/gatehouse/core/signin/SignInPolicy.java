package dev.gatehouse.core.signin;

import dev.gatehouse.core.runtime.SettingsSource;

import java.time.Duration;

/**
 * How failed sign-ins slow an attacker down, after Keycloak's brute-force detector: a number of free
 * failures per user name and per client address, then a wait that doubles with each further failure up
 * to a maximum, during which even the right password is refused; a success clears the user's count, and
 * failures are forgotten after a quiet period. Addresses get more free failures than users because many
 * people may sign in from behind one address.
 *
 * @param freeFailuresPerUser    failures of one user name before the first wait
 * @param freeFailuresPerAddress failures from one address (any user names) before the first wait
 * @param firstWait              the wait after the first failure beyond the free ones
 * @param maxWait                the longest wait (the temporary lockout)
 * @param forgetAfter            failures older than this, with none since, no longer count
 */
public record SignInPolicy(int freeFailuresPerUser, int freeFailuresPerAddress, Duration firstWait, Duration maxWait,
                           Duration forgetAfter) {
    public SignInPolicy {
        if (freeFailuresPerUser < 1 || freeFailuresPerAddress < 1) {
            throw new IllegalArgumentException("free sign-in failures must be at least 1");
        }
        if (firstWait.isNegative() || firstWait.isZero() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("sign-in waits must be positive, the longest at least the first");
        }
    }

    public static SignInPolicy defaults() {
        return new SignInPolicy(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(12));
    }

    /**
     * The policy from settings {@code sign-in-user-failures} (default 5), {@code sign-in-address-failures}
     * (20) and {@code sign-in-max-wait-seconds} (900); a bad value fails the start with a message naming it.
     */
    public static SignInPolicy from(SettingsSource source) {
        SignInPolicy d = defaults();
        return new SignInPolicy(positive(source, "sign-in-user-failures", d.freeFailuresPerUser()),
                positive(source, "sign-in-address-failures", d.freeFailuresPerAddress()), d.firstWait(),
                Duration.ofSeconds(positive(source, "sign-in-max-wait-seconds", (int) d.maxWait().toSeconds())),
                d.forgetAfter());
    }

    /** The wait that {@code failures} failures in a row impose when {@code free} of them are free. */
    Duration waitAfter(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free, 30);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    private static int positive(SettingsSource source, String name, int fallback) {
        return source.get(name).map(v -> {
            try {
                int n = Integer.parseInt(v.strip());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gatehouse " + name + " must be a whole number of at least 1: " + v);
            }
        }).orElse(fallback);
    }
}
