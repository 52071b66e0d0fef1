package dev.gatehouse.core.audit;

import dev.gatehouse.core.SettableClock;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The refusal book's bounds, on a settable clock, writing its summaries to a real audit log. */
class RefusalBookTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T18:00:00Z"));
    private final EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final AuditWriter audit = new AuditWriter(new ResourceLocalTransactions(emf), new AuditChain(new byte[32]),
            "node-a", Duration.ofSeconds(5));
    private final RefusalBook book = new RefusalBook(new RefusalBook.Settings(2, 5, Duration.ofMinutes(1)), clock, audit);

    @AfterEach
    void close() {
        audit.close();
        emf.close();
    }

    private static AuditEvent summary(RefusalBook.Summary s) {
        return AuditEvent.builder(AuditKind.AUTH_FAILURE, Outcome.UNAUTHORIZED).clientAddress(s.address())
                .detail(s.reason() + " " + s.counted()).build();
    }

    @Test
    void refusedWhenOverTheInFullCountThenCountedAndSummarisedOnceTheIntervalEnded() {
        assertTrue(book.refused("10.0.0.1", "MALFORMED", false));
        assertTrue(book.refused("10.0.0.1", "MALFORMED", false));
        assertFalse(book.refused("10.0.0.1", "MALFORMED", false));
        assertTrue(book.refused("10.0.0.1", "REVOKED", true), "a known token's refusal: always in full");
        assertTrue(book.refused("10.0.0.2", "MALFORMED", false), "per address");
        assertEquals(List.of(), book.flush(RefusalBookTest::summary), "the interval is not over");

        clock.advance(Duration.ofMinutes(1));

        assertEquals(List.of(new RefusalBook.Summary("10.0.0.1", "MALFORMED", 1, Instant.parse("2026-11-25T18:00:00Z"),
                Instant.parse("2026-11-25T18:01:00Z"))), book.flush(RefusalBookTest::summary));
        assertTrue(book.refused("10.0.0.1", "MALFORMED", false), "a new interval, a new count");
    }

    @Test
    void throttledWhenOverTheThresholdUntilTheIntervalEnds() {
        clock.set(Instant.parse("2026-11-25T18:00:20Z"));
        for (int i = 0; i < 4; i++) {
            book.refused("10.0.0.1", "MALFORMED", false);
        }
        assertTrue(book.throttled("10.0.0.1").isEmpty());
        book.refused("10.0.0.1", "REVOKED", true);
        assertTrue(book.throttled("10.0.0.1").isEmpty(), "a known token's refusals do not count for the throttle");
        book.refused("10.0.0.1", "UNKNOWN", false);

        assertEquals(Duration.ofSeconds(40), book.throttled("10.0.0.1").orElseThrow());
        assertTrue(book.throttled("10.0.0.2").isEmpty());
        clock.advance(Duration.ofSeconds(40));
        assertTrue(book.throttled("10.0.0.1").isEmpty());
    }

    @Test
    void refusedWhenMoreAddressesThanTrackedThenTheRestAreCountedTogether() {
        for (int i = 0; i < RefusalBook.MAX_ADDRESSES; i++) {
            book.refused("10.1." + (i / 256) + "." + (i % 256), "MALFORMED", false);
        }
        for (int i = 0; i < 10; i++) {
            book.refused("2001:db8::" + i, "MALFORMED", false);
        }
        assertTrue(book.throttled("2001:db8::99").isPresent(), "new addresses share one bucket, over the threshold");
        clock.advance(Duration.ofMinutes(1));
        var summaries = book.flush(RefusalBookTest::summary);
        assertTrue(summaries.contains(new RefusalBook.Summary(RefusalBook.OTHER_ADDRESSES, "MALFORMED", 8,
                Instant.parse("2026-11-25T18:00:00Z"), Instant.parse("2026-11-25T18:01:00Z"))), summaries::toString);
    }

    @Test
    void settingsFromTheEnvironmentAreCheckedAtStart() {
        assertEquals(new RefusalBook.Settings(3, 50, Duration.ofMinutes(1)), RefusalBook.Settings.from(new SettingsSource(
                k -> null, Map.of("GATEHOUSE_AUTH_REFUSALS_IN_FULL", "3", "GATEHOUSE_AUTH_REFUSALS_THROTTLE_AFTER", "50"))));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RefusalBook.Settings.from(
                new SettingsSource(k -> null, Map.of("GATEHOUSE_AUTH_REFUSALS_IN_FULL", "0"))));
        assertTrue(bad.getMessage().contains("auth-refusals-in-full"), bad.getMessage());
    }
}
