package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An anonymous flood of bad tokens from one address (before: 2,000 requests wrote 2,000 audit rows in two
 * seconds): refusals stay attributable but bounded. A known (revoked) token's refusals are recorded in full
 * (and are not what the throttle counts); of the rest, the first 10 per reason and minute in full and the
 * others counted into one record; past 100 of them in a minute the address is answered 429 with
 * {@code Retry-After} until the minute ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RefusalFloodTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        // the documented defaults (the build raises them for the rest of the suite, which refuses on purpose)
        String inFull = System.setProperty("gatehouse.auth-refusals-in-full", "10");
        String throttleAfter = System.setProperty("gatehouse.auth-refusals-throttle-after", "100");
        try {
            gw = new GatewayHarness();
        } finally {
            restore("gatehouse.auth-refusals-in-full", inFull);
            restore("gatehouse.auth-refusals-throttle-after", throttleAfter);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private HttpResponse<String> ping(String token) throws Exception {
        return McpHttp.post(gw.gatewayUrl("quickstart"), token, PING);
    }

    private static String randomToken() {
        StringBuilder s = new StringBuilder("gth_");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 47; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void floodWhenOneAddressSendsBadTokensThenRefusalsAreRecordedBoundedAndTheAddressIsThrottledUntilTheMinuteEnds()
            throws Exception {
        // a minute starts now (the clock moved to it), so the whole flood falls into one
        java.time.Instant now = gw.clock.instant();
        gw.clock.advance(Duration.between(now, now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60).plusMillis(300)));
        var revoked = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, "alice");
        gw.gatehouse.connections().deleteConnection(revoked.connection().id(), "admin");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(ping(revoked.token()).statusCode());
        }
        for (int i = 0; i < 150; i++) {
            HttpResponse<String> r = ping(randomToken());
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the minute ends: " + retryAfter);
                assertEquals("{\"error\":\"too_many_requests\",\"error_description\":\"Too many refused requests from"
                        + " this address; retry after Retry-After seconds.\"}", r.body());
                assertNull(r.headers().firstValue("WWW-Authenticate").orElse(null));
            }
        }
        HttpResponse<String> good = ping(gw.quickstartToken);

        assertEquals(Map.of(401, 120, 429, 50), counts(statuses),
                "100 anonymous refusals in a minute (a known token's do not count), then throttled");
        assertEquals(429, good.statusCode(), "throttled before any token is checked: the address, not the token");

        Map<String, Long> inFull = records(e -> !e.detail().contains("counted")).stream()
                .collect(Collectors.groupingBy(e -> e.detail().split(":")[0].split(" ")[0], TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("MALFORMED", 10L, "REVOKED", 20L, "THROTTLED", 10L), inFull,
                "a known token's refusals in full, the first 10 of each other reason");
        assertTrue(records(e -> e.detail().startsWith("REVOKED")).stream().allMatch(e -> "CI bot".equals(e.hostName())),
                "refusals of a known token stay attributed to its host");

        gw.clock.advance(Duration.ofMinutes(1)); // the minute is over: the address is served again ...
        assertEquals(200, ping(gw.quickstartToken).statusCode());
        // ... and one record per reason says how many were only counted (written within seconds)
        AuditEvent malformed = gw.awaitAudit(e -> e.kind() == AuditKind.AUTH_FAILURE && e.detail() != null
                && e.detail().startsWith("MALFORMED: 90 more refusals"), "no summary of the counted MALFORMED refusals");
        assertEquals("127.0.0.1", malformed.clientAddress());
        AuditEvent throttled = gw.awaitAudit(e -> e.kind() == AuditKind.AUTH_FAILURE && e.detail() != null
                && e.detail().startsWith("THROTTLED: 41 more refusals"), "no summary of the counted throttled requests");
        assertEquals(429, throttled.httpStatus());
        assertTrue(records(e -> true).size() <= 20 + 10 + 10 + 2, "at most 42 records for 171 refusals");
    }

    private List<AuditEvent> records(Predicate<AuditEvent> filter) {
        return gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream()
                .filter(e -> e.kind() == AuditKind.AUTH_FAILURE && e.detail() != null).filter(filter).toList();
    }

    private static Map<Integer, Integer> counts(List<Integer> statuses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }
}
