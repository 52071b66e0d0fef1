package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brute-force protection of the admin API's HTTP Basic sign-in (security catalogue rows 165-168): failures
 * counted per user and per address, a growing wait answered {@code 429} with {@code Retry-After} in the
 * problem form, every failure audited (kind {@code sign_in}) without the password.
 */
@Timeout(60)
class SignInThrottleTest {
    private static HttpResponse<String> me(AdminServer server, String user, String password) {
        return server.send(server.request(null, "/api/me").header("Authorization", AdminServer.basic(user, password)));
    }

    @Test
    void basicWhenFiveWrongPasswordsThenTooManyRequestsEvenForTheRightOneUntilTheWaitEnds() throws Exception {
        try (AdminServer server = AdminServer.start()) {
            for (int i = 0; i < 5; i++) {
                assertProblem(401, "authentication is required", me(server, "operator", "guess-" + i));
            }

            HttpResponse<String> locked = me(server, "operator", "operator-pw");

            JsonNode problem = assertProblem(429, locked);
            assertEquals("urn:gatehouse:problem:sign-in-wait", problem.get("type").asText());
            assertTrue(problem.get("detail").asText().startsWith("too many failed sign-ins: try again in "));
            assertEquals("1", locked.headers().firstValue("Retry-After").orElse(null));
            assertEquals(200, server.get("admin", "/api/me").statusCode(), "another user from the address signs in");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            HttpResponse<String> after;
            do {
                after = me(server, "operator", "operator-pw");
            } while (after.statusCode() == 429 && System.nanoTime() < deadline);
            assertEquals(200, after.statusCode(), "the right password works once the wait is over");
        }
    }

    @Test
    void basicWhenHundredWrongPasswordsThenAtMostFiveChecked() throws Exception {
        try (AdminServer server = AdminServer.start()) {
            int unauthorized = 0;
            int tooMany = 0;
            for (int i = 0; i < 100; i++) {
                int status = me(server, "admin", "guess-" + i).statusCode();
                unauthorized += status == 401 ? 1 : 0;
                tooMany += status == 429 ? 1 : 0;
            }
            assertTrue(unauthorized <= 7, unauthorized + " guesses were checked");
            assertEquals(100, unauthorized + tooMany);

            int checked = unauthorized;
            List<AuditEvent> records = awaitAudit(server, r -> r.size() >= checked + 1);
            List<AuditEvent> failures = records.stream().filter(r -> r.outcome() == Outcome.UNAUTHORIZED).toList();
            assertEquals(checked, failures.size(), "every checked failure is audited");
            AuditEvent first = failures.get(failures.size() - 1);
            assertEquals("admin", first.actor());
            assertEquals("127.0.0.1", first.clientAddress());
            assertEquals("sign-in/basic", first.method());
            assertEquals("wrong user name or password", first.detail());
            long refusalRecords = records.stream().filter(r -> r.outcome() == Outcome.DENIED).count();
            // each failure from the fifth on starts a wait (more than one when the machine is slow enough
            // for a wait to end during the loop); the refusals of one wait are audited once
            assertTrue(refusalRecords >= 1 && refusalRecords <= checked - 4, refusalRecords + " refusal records for "
                    + (checked - 4) + " waits");
            for (AuditEvent r : records) {
                assertFalse(String.valueOf(r).contains("guess-"), "no password in the audit record: " + r);
            }
        }
    }

    @Test
    void basicWhenManyUserNamesFromOneAddressThenTheAddressWaits() throws Exception {
        try (AdminServer server = AdminServer.start()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(401, me(server, "nobody-" + i, "guess").statusCode());
            }

            assertProblem(429, me(server, "admin", "admin-pw"));
            assertProblem(429, server.send(server.request(null, "/api/me").header("Authorization", "Basic !!!")));
        }
    }

    @Test
    void basicWhenMalformedThenFailureAuditedAndCounted() throws Exception {
        try (AdminServer server = AdminServer.start()) {
            assertProblem(401, "authentication is required",
                    server.send(server.request(null, "/api/me").header("Authorization", "Basic not-base64!")));

            AuditEvent record = awaitAudit(server, r -> !r.isEmpty()).get(0);
            assertEquals("malformed credentials", record.detail());
            assertEquals("", record.actor() == null ? "" : record.actor());
        }
    }

    private static List<AuditEvent> awaitAudit(AdminServer server, Predicate<List<AuditEvent>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<AuditEvent> records;
        do {
            records = server.audit(500).stream().filter(r -> r.kind() == AuditKind.SIGN_IN).toList();
            if (done.test(records)) {
                return records;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("audit records did not arrive: " + records);
    }
}
