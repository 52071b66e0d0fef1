package dev.gatehouse.admin.siem;

import dev.gatehouse.core.runtime.Gatehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a receiver got, read back by record id; and the audit table's records to compare with. */
final class StreamedRecords {
    /** A line of the documented rsyslog template: app name, kind, structured data, payload. */
    static final Pattern LINE = Pattern.compile(
            "^gatehouse (\\S+) \\[gatehouse@32473 id=\"(\\d+)\" node=\"([^\"]*)\" seq=\"(\\d+)\"] (.*)$");

    /** One received record. */
    record Received(long id, String node, long sequence, String kind, String payload) {
    }

    private StreamedRecords() {
    }

    static List<Received> parse(List<String> lines) {
        List<Received> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                fail("not a Gatehouse RFC 5424 record as rsyslog parsed it: " + line);
            }
            out.add(new Received(Long.parseLong(m.group(2)), m.group(3), Long.parseLong(m.group(4)), m.group(1), m.group(5)));
        }
        return out;
    }

    /** Record id to node sequence of every record of the node in the audit table, in sequence order. */
    static Map<Long, Long> stored(Gatehouse gatehouse, String node) {
        Map<Long, Long> ids = new LinkedHashMap<>();
        gatehouse.inTransaction(em -> em.createQuery("select a.id, a.nodeSequence from AuditEventEntity a"
                        + " where a.nodeId = :node order by a.nodeSequence", Object[].class).setParameter("node", node)
                .getResultList()).forEach(row -> ids.put((Long) row[0], (Long) row[1]));
        return ids;
    }

    /** The received records with repeats (by record id) dropped, first arrival kept. */
    static List<Received> deduplicated(List<Received> received) {
        Map<Long, Received> first = new LinkedHashMap<>();
        received.forEach(r -> first.putIfAbsent(r.id(), r));
        return new ArrayList<>(first.values());
    }

    /** Every stored record arrived, once after deduplication, in sequence order per node. */
    static void assertExactlyOnceInOrder(Map<Long, Long> stored, List<Received> received) {
        List<Received> unique = deduplicated(received);
        assertEquals(new java.util.HashSet<>(stored.keySet()), new java.util.HashSet<>(unique.stream().map(Received::id).toList()),
                "every stored record arrived, nothing else");
        long previous = 0;
        for (Received r : unique) {
            assertEquals(stored.get(r.id()), r.sequence(), "record " + r.id() + " carries its own sequence");
            assertTrue(r.sequence() > previous, "in order per node: " + r.sequence() + " after " + previous);
            previous = r.sequence();
        }
    }

    /** Waits (bounded) until the condition holds. */
    static void await(String what, long seconds, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
