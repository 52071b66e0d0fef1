package dev.gatehouse.core.runtime;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Correlation ids are time-ordered version-7 UUIDs, so the audit table's correlation index grows at its end
 * (a random key rewrote about one index page per record on every shipper commit).
 */
class LocalIdsTest {

    @Test
    void uuidWhenMadeThenItIsAVersion7UuidCarryingTheTimeInMilliseconds() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(LocalIds.uuid());
        long after = System.currentTimeMillis();

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, "time field " + millis + " not within " + before + ".." + after);
    }

    @Test
    void uuidWhenMadeInLaterMillisecondsThenItSortsAfterAsTextToo() {
        String earlier = LocalIds.uuid(1_796_000_000_000L);
        for (long ms = 1_796_000_000_001L; ms < 1_796_000_000_200L; ms++) {
            String later = LocalIds.uuid(ms);
            assertTrue(later.compareTo(earlier) > 0, later + " sorts before " + earlier);
            earlier = later;
        }
    }

    @Test
    void uuidWhenManyAreMadeInOneMillisecondThenAllDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(LocalIds.uuid(1_796_000_000_000L));
        }
        assertEquals(100_000, ids.size());
    }
}
