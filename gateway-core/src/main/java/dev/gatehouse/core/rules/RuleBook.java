package dev.gatehouse.core.rules;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The compiled rules of each gateway, read from the store at most once per {@code refresh} per node: a
 * change made through this node applies to the next call at once, a change made on another node within
 * {@code refresh}. A reload runs on one caller's thread while the others keep using the rules they have.
 */
public final class RuleBook {
    static final Comparator<Rule> ORDER = Comparator.comparingInt(Rule::priority)
            .thenComparing(Rule::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Rule::id);

    private final RuleStore store;
    private final Clock clock;
    private final long refreshMillis;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        final ReentrantLock loading = new ReentrantLock();
        volatile List<CompiledRule> rules;
        volatile long loadedAt;
        volatile boolean stale = true;
    }

    public RuleBook(RuleStore store, Clock clock, Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.refreshMillis = refresh.toMillis();
    }

    /** The gateway's enabled rules, compiled, in evaluation order. */
    List<CompiledRule> rules(String gateway) {
        Entry e = entries.computeIfAbsent(gateway, g -> new Entry());
        long now = clock.millis();
        if (e.rules == null || e.stale || now - e.loadedAt >= refreshMillis) {
            if (e.rules == null) {
                e.loading.lock(); // the first load: every caller needs it
            } else if (!e.loading.tryLock()) {
                return e.rules; // someone is reloading; the current rules stay valid meanwhile
            }
            try {
                if (e.rules == null || e.stale || now - e.loadedAt >= refreshMillis) {
                    e.stale = false;
                    e.rules = store.rules(gateway).stream().filter(Rule::enabled).sorted(ORDER)
                            .map(RuleCompiler::compile).toList();
                    e.loadedAt = now;
                }
            } finally {
                e.loading.unlock();
            }
        }
        return e.rules;
    }

    /** Makes the next call of the gateway read its rules again (after a change through this node). */
    public void changed(String gateway) {
        Entry e = entries.get(gateway);
        if (e != null) {
            e.stale = true;
        }
    }
}
