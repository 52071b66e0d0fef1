package dev.gatehouse.core.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids that must be unique but need not be secret (correlation ids, the ids of forwarded requests), made
 * without {@link UUID#randomUUID()}, which draws every id from one shared {@link SecureRandom} under its
 * lock. Secrets (tokens, session ids, keys) keep {@link SecureRandom}.
 */
public final class LocalIds {
    /** Drawn once per node from {@link SecureRandom}: ids made from it cannot be guessed from outside. */
    private static final String NODE_PREFIX = prefix();
    private static final AtomicLong NEXT = new AtomicLong();

    private LocalIds() {
    }

    /**
     * A version-7 UUID (RFC 9562): the time in milliseconds first, then 74 bits from the calling thread's own
     * generator; unique for every practical purpose, not unguessable. Time-ordered on purpose: correlation ids
     * are indexed in the audit table, and a random key puts every new record on another leaf of that index, so
     * each of the shipper's commits rewrote about one whole index page per record (H2 writes changed pages
     * whole); ids that grow with time land on the index's last pages.
     */
    public static String uuid() {
        return uuid(System.currentTimeMillis());
    }

    static String uuid(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xffff_ffff_ffffL) << 16 | 0x7000L | random.nextInt(0x1000); // 48-bit time, version 7
        long low = random.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** Unique on this node for its lifetime, and not guessable from outside: the node's random prefix and a counter. */
    public static String sequential() {
        return NODE_PREFIX + Long.toString(NEXT.incrementAndGet(), 36);
    }

    private static String prefix() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes) + "-";
    }
}
