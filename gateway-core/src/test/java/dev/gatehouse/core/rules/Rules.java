package dev.gatehouse.core.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Rules for tests, and an engine over an in-memory store. */
final class Rules implements RuleStore {
    static final byte[] HASH_KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<Rule> rules = new ArrayList<>();
    final RuleBook book = new RuleBook(this, Clock.systemUTC(), Duration.ofMinutes(1));
    final RuleEngine engine = new RuleEngine(book, HASH_KEY, new WebhookClient(1 << 20, java.time.Clock.systemUTC(), true)); // the engines run on loopback

    static RuleSpec spec(String name, Hook hook, Detection detection, RuleAction action) {
        return new RuleSpec(name, null, true, 100, List.of(), "*", hook, detection, false, action, false);
    }

    static Detection regex(String... patterns) {
        return new Detection.Patterns(List.of(patterns));
    }

    static Detection builtIn(BuiltInDetector... detectors) {
        return new Detection.BuiltIns(Set.of(detectors));
    }

    Rule add(RuleSpec spec) {
        return create("gw", spec, "test");
    }

    Rule add(String name, Hook hook, Detection detection, RuleAction action) {
        return add(spec(name, hook, detection, action));
    }

    static Rule rule(RuleSpec spec) {
        RuleSpec s = RuleCompiler.validate(spec);
        return new Rule("r" + IDS.incrementAndGet(), "gw", s.name(), s.description(), s.enabled(), s.priority(),
                s.hostIds(), s.toolPattern(), s.hook(), s.detection(), s.includeKeys(), s.action(), s.observe(),
                "test", Instant.now(), Instant.now());
    }

    @Override
    public synchronized List<Rule> rules(String gateway) {
        return rules.stream().filter(r -> r.gateway().equals(gateway)).toList();
    }

    @Override
    public synchronized dev.gatehouse.core.store.Page<Rule> rules(String gateway, dev.gatehouse.core.store.ListQuery query) {
        throw new UnsupportedOperationException("the rule engine's tests never list pages");
    }

    @Override
    public synchronized Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public synchronized Rule create(String gateway, RuleSpec spec, String actor) {
        Rule r = rule(spec);
        rules.add(r);
        book.changed(gateway);
        return r;
    }

    @Override
    public Rule replace(String id, RuleSpec spec, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized boolean delete(String id) {
        return rules.removeIf(r -> r.id().equals(id));
    }
}
