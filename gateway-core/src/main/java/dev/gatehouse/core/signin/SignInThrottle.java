package dev.gatehouse.core.signin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per client address on this node and says how long either
 * must wait ({@link SignInPolicy}). User names are compared without case (a realm that ignores case
 * must not give an attacker a fresh count per spelling); IPv6 addresses count per /64, the block one
 * client usually holds. Memory is bounded: past {@link #MAX_TRACKED} entries, those that impose no wait
 * are dropped first.
 */
public final class SignInThrottle {
    static final int MAX_TRACKED = 10_000;
    private static final int MAX_USER_KEY = 256;

    private final SignInPolicy policy;
    private final Clock clock;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

    public SignInThrottle(SignInPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Failures in a row of one key and the lock they imposed. */
    private static final class Failures {
        int count;
        Instant last;
        Instant lockedUntil = Instant.MIN;
        boolean refusalSeen;
    }

    /** What a refused attempt is told: how long to wait, and whether this is the first refusal of the lock. */
    public record Wait(Duration remaining, boolean firstRefusal) {
    }

    /** Empty when the attempt may be checked now; else the longer of the user's and the address's remaining wait. */
    public Optional<Wait> check(String user, String address) {
        Instant now = clock.instant();
        Optional<Wait> byUser = remaining(users.get(userKey(user)), now);
        Optional<Wait> byAddress = remaining(addresses.get(addressKey(address)), now);
        if (byUser.isEmpty()) {
            return byAddress;
        }
        if (byAddress.isEmpty()) {
            return byUser;
        }
        return Optional.of(byUser.get().remaining().compareTo(byAddress.get().remaining()) >= 0
                ? new Wait(byUser.get().remaining(), byUser.get().firstRefusal() || byAddress.get().firstRefusal())
                : new Wait(byAddress.get().remaining(), byUser.get().firstRefusal() || byAddress.get().firstRefusal()));
    }

    /** Counts a failure; returns the wait it imposes from now on (zero while failures are still free). */
    public Duration failed(String user, String address) {
        Instant now = clock.instant();
        Duration byUser = count(users, userKey(user), policy.freeFailuresPerUser(), now);
        Duration byAddress = count(addresses, addressKey(address), policy.freeFailuresPerAddress(), now);
        return byUser.compareTo(byAddress) >= 0 ? byUser : byAddress;
    }

    /** A success clears the user's failures (not the address's: one good account must not reset guessing others). */
    public void succeeded(String user) {
        users.remove(userKey(user));
    }

    private Optional<Wait> remaining(Failures f, Instant now) {
        if (f == null) {
            return Optional.empty();
        }
        synchronized (f) {
            if (!now.isBefore(f.lockedUntil)) {
                return Optional.empty();
            }
            boolean first = !f.refusalSeen;
            f.refusalSeen = true;
            return Optional.of(new Wait(Duration.between(now, f.lockedUntil), first));
        }
    }

    private Duration count(Map<String, Failures> map, String key, int free, Instant now) {
        if (map.size() >= MAX_TRACKED) {
            prune(map, now);
        }
        Failures f = map.computeIfAbsent(key, k -> new Failures());
        synchronized (f) {
            if (f.last != null && Duration.between(f.last, now).compareTo(policy.forgetAfter()) > 0) {
                f.count = 0;
            }
            f.count++;
            f.last = now;
            Duration wait = policy.waitAfter(f.count, free);
            if (!wait.isZero()) {
                f.lockedUntil = now.plus(wait);
                f.refusalSeen = false;
            }
            return wait;
        }
    }

    private void prune(Map<String, Failures> map, Instant now) {
        map.entrySet().removeIf(e -> {
            Failures f = e.getValue();
            synchronized (f) {
                return !now.isBefore(f.lockedUntil)
                        && (f.count < 2 || Duration.between(f.last, now).compareTo(policy.forgetAfter()) > 0);
            }
        });
    }

    static String userKey(String user) {
        String u = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        return u.length() > MAX_USER_KEY ? u.substring(0, MAX_USER_KEY) : u;
    }

    /** The address as counted: IPv6 by its /64 prefix, anything else as given. */
    static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address == null ? "" : address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            return address; // never a name lookup: only literals are parsed
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
