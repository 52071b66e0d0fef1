package dev.gatehouse.core.jpa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.rules.Detection;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleBook;
import dev.gatehouse.core.rules.RuleCompiler;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.rules.RuleSpec;
import dev.gatehouse.core.rules.RuleStore;
import dev.gatehouse.core.rules.SigningKey;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rules in JPA ({@code gh_rule}); entity and record meet only here. A webhook's signing secret is kept
 * sealed in its own column, never in the detection JSON. Every change tells the node's
 * {@link RuleBook}, so the next call on this node already runs the new rules.
 */
public final class JpaRuleStore implements RuleStore {
    private final Transactions tx;
    private final GatewayCatalog catalog;
    private final SecretBox secrets;
    private final Clock clock;
    private volatile RuleBook book;

    /** @param secrets seals webhook signing secrets, as upstream credentials are */
    public JpaRuleStore(Transactions tx, GatewayCatalog catalog, SecretBox secrets, Clock clock) {
        this.tx = tx;
        this.catalog = catalog;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The book to tell about changes (set once, when the engine is wired). */
    public void notify(RuleBook rules) {
        this.book = rules;
    }

    @Override
    public List<Rule> rules(String gateway) {
        return tx.read(em -> em.createNamedQuery("Rule.ofGateway", RuleEntity.class).setParameter("gateway", gateway)
                .getResultList().stream().map(this::toRecord).toList());
    }

    private static final ListedEntities LISTED = new ListedEntities("RuleEntity", "e.gateway = :gateway",
            List.of("name", "id", "description", "toolPattern"), java.util.Map.of("priority", "e.priority",
            "name", "lower(e.name)", "tool", "e.toolPattern", "hook", "e.hook", "createdAt", "e.createdAt"),
            "e.priority, e.createdAt, e.id");

    @Override
    public Page<Rule> rules(String gateway, ListQuery query) {
        return tx.read(em -> LISTED.page(em, RuleEntity.class, query, java.util.Map.of("gateway", gateway))
                .map(this::toRecord));
    }

    @Override
    public Optional<Rule> rule(String id) {
        return id == null ? Optional.empty()
                : tx.read(em -> Optional.ofNullable(em.find(RuleEntity.class, id)).map(this::toRecord));
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
        ObjectNode detection = RuleJson.detection(s.detection(), s.includeKeys());
        detection.remove("hasSecret"); // the column below says it
        e.specify(s.name(), s.description(), s.enabled(), s.priority(), String.join(",", s.hostIds()), s.toolPattern(),
                s.hook(), RuleJson.compact(detection),
                s.action() == null ? null : RuleJson.compact(RuleJson.action(s.action())), s.observe(), actor,
                clock.instant());
        e.sealWebhookSecret(sealedSecret(e.webhookSecretSealed(), s.detection()));
    }

    /** A given key is sealed; none given keeps the stored one (a webhook rule replaced); NONE removes it. */
    private String sealedSecret(String stored, Detection detection) {
        if (!(detection instanceof Detection.Webhook w)) {
            return null;
        }
        if (w.signingKey() == null) {
            return stored;
        }
        return w.signed() ? secrets.seal(w.signingKey().reveal()) : null;
    }

    private Rule toRecord(RuleEntity e) {
        JsonNode json = RuleJson.parse(e.detection());
        Detection detection = RuleJson.detection(json);
        if (detection instanceof Detection.Webhook w && e.webhookSecretSealed() != null) {
            detection = w.withKey(SigningKey.of(secrets.open(e.webhookSecretSealed())));
        }
        List<String> hosts = e.hostIds() == null || e.hostIds().isEmpty() ? List.of()
                : Arrays.asList(e.hostIds().split(","));
        return new Rule(e.id(), e.gateway(), e.name(), e.description(), e.enabled(), e.priority(), hosts,
                e.toolPattern(), e.hook(), detection, json.path("keys").asBoolean(false),
                e.action() == null ? null : RuleJson.action(RuleJson.parse(e.action())), e.observe(), e.createdBy(),
                e.createdAt(), e.updatedAt());
    }
}
