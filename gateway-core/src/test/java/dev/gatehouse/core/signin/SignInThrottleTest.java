package dev.gatehouse.core.signin;

import dev.gatehouse.core.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInThrottleTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T20:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(SignInPolicy.defaults(), clock);

    @Test
    void checkWhenFreeFailuresUsedThenWaitDoublesUpToTheLockout() {
        for (int i = 1; i < 5; i++) {
            assertEquals(Duration.ZERO, throttle.failed("admin", "10.0.0." + i));
            assertTrue(throttle.check("admin", "10.0.0.9").isEmpty(), "failure " + i + " is free");
        }
        assertEquals(Duration.ofSeconds(1), throttle.failed("admin", "10.0.0.5"));
        assertEquals(Duration.ofSeconds(1), throttle.check("admin", "10.0.0.9").orElseThrow().remaining());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.check("admin", "10.0.0.9").isEmpty());
        assertEquals(Duration.ofSeconds(2), throttle.failed("admin", "10.0.0.6"));
        assertEquals(Duration.ofSeconds(4), throttle.failed("Admin ", "10.0.0.7"), "user names count without case");
        for (int i = 0; i < 20; i++) {
            throttle.failed("admin", "10.0.1." + i);
        }
        assertEquals(Duration.ofMinutes(15), throttle.check("ADMIN", "10.0.0.9").orElseThrow().remaining());
    }

    @Test
    void successClearsTheUserNotTheAddress() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "192.0.2.1");
        }
        assertTrue(throttle.check("someone", "192.0.2.1").isPresent(), "the 20th failure from one address waits");
        assertTrue(throttle.check("someone", "192.0.2.2").isEmpty(), "other addresses are not held");
        throttle.succeeded("user19");
        assertTrue(throttle.check("user19", "192.0.2.1").isPresent());

        SignInThrottle other = new SignInThrottle(SignInPolicy.defaults(), clock);
        for (int i = 0; i < 5; i++) {
            other.failed("admin", "192.0.2." + i);
        }
        assertTrue(other.check("admin", "192.0.2.9").isPresent());
        clock.advance(Duration.ofSeconds(2));
        other.succeeded("admin");
        assertEquals(Duration.ZERO, other.failed("admin", "192.0.2.9"), "a success starts the count afresh");
    }

    @Test
    void firstRefusalOfAWaitIsMarkedOnce() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("admin", "198.51.100.7");
        }
        assertTrue(throttle.check("admin", "198.51.100.7").orElseThrow().firstRefusal());
        assertFalse(throttle.check("admin", "198.51.100.7").orElseThrow().firstRefusal());
    }

    @Test
    void failuresAreForgottenAfterAQuietPeriod() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin", "198.51.100.7");
        }
        clock.advance(Duration.ofHours(13));
        assertEquals(Duration.ZERO, throttle.failed("admin", "198.51.100.7"));
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        assertEquals(SignInThrottle.addressKey("2001:db8:1:2::1"), SignInThrottle.addressKey("2001:db8:1:2:ffff::9"));
        assertFalse(SignInThrottle.addressKey("2001:db8:1:2::1").equals(SignInThrottle.addressKey("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", SignInThrottle.addressKey("192.0.2.1"));
        assertEquals("not-an-address.example", SignInThrottle.addressKey("not-an-address.example"));
    }

    @Test
    void memoryStaysBoundedUnderRandomUserNames() {
        for (int i = 0; i < SignInThrottle.MAX_TRACKED * 3; i++) {
            throttle.failed("random-" + i, "2001:db8:" + Integer.toHexString(i % 60000) + "::1");
            clock.advance(Duration.ofSeconds(2));
        }
        assertTrue(throttle.check("random-" + (SignInThrottle.MAX_TRACKED * 3 - 1), "192.0.2.200").isEmpty());
    }
}
