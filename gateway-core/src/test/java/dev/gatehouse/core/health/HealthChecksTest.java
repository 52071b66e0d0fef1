package dev.gatehouse.core.health;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthChecksTest {
    @Test
    void readinessWhenOneCheckDownOrThrowingThenDownWithEachCheckNamed() throws Exception {
        HealthChecks health = new HealthChecks();
        health.readiness("database", () -> true);
        AutoCloseable journal = health.readiness("journal", () -> false);
        health.readiness("sinks", () -> { throw new IllegalStateException("no"); });
        HealthChecks.Report ready = health.ready();
        assertFalse(ready.up());
        assertEquals(List.of(new HealthChecks.Check("database", true), new HealthChecks.Check("journal", false),
                new HealthChecks.Check("sinks", false)), ready.checks());
        assertTrue(health.live().up());

        journal.close();
        assertEquals(2, health.ready().checks().size());
    }

    @Test
    void namesWhenNotPlainThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HealthChecks().readiness("Bad \"name\"", () -> true));
    }
}
