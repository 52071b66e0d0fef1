package dev.gatehouse.core.jpa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleBook;
import dev.gatehouse.core.rules.RuleCompiler;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.rules.RuleSpec;
import dev.gatehouse.core.rules.RuleStore;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rules in JPA ({@code gh_rule}); entity and record meet only here. Every change tells the node's
 * {@link RuleBook}, so the next call on this node already runs the new rules.
 */
public final class JpaRuleStore implements RuleStore {
    private final Transactions tx;
    private final GatewayCatalog catalog;
    private final Clock clock;
    private volatile RuleBook book;

    public JpaRuleStore(Transactions tx, GatewayCatalog catalog, Clock clock) {
        this.tx = tx;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The book to tell about changes (set once, when the engine is wired). */
    public void notify(RuleBook rules) {
        this.book = rules;
    }

    @Override
    public List<Rule> rules(String gateway) {
        return tx.read(em -> em.createNamedQuery("Rule.ofGateway", RuleEntity.class).setParameter("gateway", gateway)
                .getResultList().stream().map(JpaRuleStore::toRecord).toList());
    }

    @Override
    public Optional<Rule> rule(String id) {
        return id == null ? Optional.empty()
                : tx.read(em -> Optional.ofNullable(em.find(RuleEntity.class, id)).map(JpaRuleStore::toRecord));
    }

    @Override
    public Rule create(String gateway, RuleSpec spec, String actor) {
        RuleSpec valid = RuleCompiler.validate(spec);
        if (catalog.gateway(gateway).isEmpty()) {
            throw RequestRejected.notFound("no such gateway");
        }
        Rule created = tx.inTransaction(em -> {
            RuleEntity e = new RuleEntity(UUID.randomUUID().toString(), gateway, actor, clock.instant());
            specify(e, valid, actor);
            em.persist(e);
            return toRecord(e);
        });
        changed(gateway);
        return created;
    }

    @Override
    public Rule replace(String id, RuleSpec spec, String actor) {
        RuleSpec valid = RuleCompiler.validate(spec);
        Rule replaced = tx.inTransaction(em -> {
            RuleEntity e = id == null ? null : em.find(RuleEntity.class, id);
            if (e == null) {
                throw RequestRejected.notFound("no such rule");
            }
            specify(e, valid, actor);
            return toRecord(e);
        });
        changed(replaced.gateway());
        return replaced;
    }

    @Override
    public boolean delete(String id) {
        String gateway = tx.inTransaction(em -> {
            RuleEntity e = id == null ? null : em.find(RuleEntity.class, id);
            if (e == null) {
                return null;
            }
            em.remove(e);
            return e.gateway();
        });
        if (gateway != null) {
            changed(gateway);
        }
        return gateway != null;
    }

    private void changed(String gateway) {
        RuleBook b = book;
        if (b != null) {
            b.changed(gateway);
        }
    }

    private void specify(RuleEntity e, RuleSpec s, String actor) {
        e.specify(s.name(), s.description(), s.enabled(), s.priority(), String.join(",", s.hostIds()), s.toolPattern(),
                s.hook(), RuleJson.compact(RuleJson.detection(s.detection(), s.includeKeys())),
                s.action() == null ? null : RuleJson.compact(RuleJson.action(s.action())), s.observe(), actor,
                clock.instant());
    }

    static Rule toRecord(RuleEntity e) {
        JsonNode detection = RuleJson.parse(e.detection());
        List<String> hosts = e.hostIds() == null || e.hostIds().isEmpty() ? List.of()
                : Arrays.asList(e.hostIds().split(","));
        return new Rule(e.id(), e.gateway(), e.name(), e.description(), e.enabled(), e.priority(), hosts,
                e.toolPattern(), e.hook(), RuleJson.detection(detection), detection.path("keys").asBoolean(false),
                e.action() == null ? null : RuleJson.action(RuleJson.parse(e.action())), e.observe(), e.createdBy(),
                e.createdAt(), e.updatedAt());
    }
}
