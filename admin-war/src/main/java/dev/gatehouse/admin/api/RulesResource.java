package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.governance.Governance;
import dev.gatehouse.core.rules.Decision;
import dev.gatehouse.core.rules.Detection;
import dev.gatehouse.core.rules.Hook;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleCompiler;
import dev.gatehouse.core.rules.RuleHit;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.rules.RuleContext;
import dev.gatehouse.core.rules.RuleSpec;
import dev.gatehouse.core.rules.RuleStore;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.RequestRejected;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/gateways/{slug}/rules} and {@code /api/rules/{id}}: a gateway's rules (the JSON form is
 * {@code RuleJson}'s), and {@code /api/gateways/{slug}/rules/try}, which runs a rule that is not saved
 * against a sample payload and shows the decision, the rewritten payload and every hit. Reading needs
 * any capability; changing and trying need {@code rules:manage}.
 */
final class RulesResource {
    /** A trial waits at most this long (a webhook rule's own timeout is at most 30 s). */
    private static final Duration TRIAL_WAIT = Duration.ofSeconds(35);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Governance governance;
    private final GatewayCatalog catalog;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    RulesResource(Governance governance, GatewayCatalog catalog, JsonBodyReader bodies, AdminActions actions) {
        this.governance = governance;
        this.catalog = catalog;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        String slug = request.param("slug");
        if (catalog.gateway(slug).isEmpty()) {
            return Problem.notFound("no such gateway");
        }
        return Listing.read(request, RuleStore.SORTS)
                .then(query -> Stores.attempt(() -> governance.rules().rules(slug, query))
                        .map(page -> Listing.reply(request, query, page, page.items().stream().map(RuleJson::view).toList())))
                .reply(r -> r);
    }

    Reply get(ApiRequest request) {
        return governance.rules().rule(request.param("id")).<Reply>map(r -> Reply.ok(RuleJson.view(r)))
                .orElseGet(() -> Problem.notFound("no such rule"));
    }

    Reply create(ApiRequest request) {
        String slug = request.param("slug");
        return bodies.read(request.servletRequest())
                .then(body -> Stores.attempt(() -> governance.rules().create(slug, RuleJson.spec(body), request.user())))
                .reply(rule -> {
                    actions.succeeded(request, "rule.created", 201, e -> e.gateway(slug).detail(audit("rule.created", rule)));
                    return Reply.created(request.contextPath() + "/api/rules/" + rule.id(), RuleJson.view(rule));
                });
    }

    Reply replace(ApiRequest request) {
        return bodies.read(request.servletRequest())
                .then(body -> Stores.attempt(() -> governance.rules().replace(request.param("id"), RuleJson.spec(body),
                        request.user())))
                .reply(rule -> {
                    actions.succeeded(request, "rule.replaced", 200, e -> e.gateway(rule.gateway())
                            .detail(audit("rule.replaced", rule)));
                    return Reply.ok(RuleJson.view(rule));
                });
    }

    Reply delete(ApiRequest request) {
        Rule rule = governance.rules().rule(request.param("id")).orElse(null);
        if (rule == null || !governance.rules().delete(rule.id())) {
            return Problem.notFound("no such rule");
        }
        actions.succeeded(request, "rule.deleted", 204, e -> e.gateway(rule.gateway()).detail(audit("rule.deleted", rule)));
        return Reply.noContent();
    }

    /**
     * Runs {@code rule} (a rule body, not saved) on {@code payload} as {@code hook} would for {@code tool}
     * called by {@code host}: {@code {"rule", "hook", "payload", "tool"?, "host"?, "ruleId"?}}.
     */
    Reply trial(ApiRequest request) {
        String slug = request.param("slug");
        if (catalog.gateway(slug).isEmpty()) {
            return Problem.notFound("no such gateway");
        }
        return bodies.read(request.servletRequest()).then(RulesResource::trialSpec).reply(given -> {
            Trial t = given.withStoredKey(governance.rules(), slug);
            try {
                Decision d = governance.engine().trial(t.rule(slug), t.hook(), t.context(slug), t.payload())
                        .get(TRIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return Reply.ok(view(d));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Problem.unavailable("the trial was interrupted");
            } catch (Exception e) {
                return Problem.unavailable("the trial did not finish in time");
            }
        });
    }

    /** @param ruleId the saved rule being edited, if any: its webhook signing secret signs the trial too */
    private record Trial(RuleSpec spec, Hook hook, JsonNode payload, String tool, String host, String ruleId) {
        /**
         * A webhook trial given no secret, of a saved webhook rule of this gateway, signs with that rule's
         * stored secret: the console never holds it, yet an engine that insists on signatures can be tried.
         */
        Trial withStoredKey(RuleStore rules, String gateway) {
            if (ruleId == null || !(spec.detection() instanceof Detection.Webhook w) || w.signingKey() != null) {
                return this;
            }
            return rules.rule(ruleId).filter(r -> r.gateway().equals(gateway))
                    .filter(r -> r.detection() instanceof Detection.Webhook)
                    .map(r -> new Trial(new RuleSpec(spec.name(), spec.description(), spec.enabled(), spec.priority(),
                            spec.hostIds(), spec.toolPattern(), spec.hook(),
                            w.withKey(((Detection.Webhook) r.detection()).signingKey()), spec.includeKeys(),
                            spec.action(), spec.observe()), hook, payload, tool, host, ruleId))
                    .orElse(this);
        }

        Rule rule(String gateway) {
            Instant now = Instant.now();
            return new Rule("trial", gateway, spec.name(), spec.description(), true, spec.priority(), spec.hostIds(),
                    spec.toolPattern(), spec.hook(), spec.detection(), spec.includeKeys(), spec.action(), spec.observe(),
                    null, now, now);
        }

        RuleContext context(String gateway) {
            return new RuleContext(gateway, host, null, null, null, tool, null, null, null);
        }
    }

    private static Result<Trial> trialSpec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        JsonNode rule = fields.node("rule");
        String hook = fields.text("hook");
        JsonNode payload = fields.node("payload");
        String tool = fields.text("tool");
        String host = fields.text("host");
        String ruleId = fields.text("ruleId");
        if (rule == null || !rule.isObject()) {
            fields.fail("rule", "must be an object: the rule to try");
        }
        if (!"request".equals(hook) && !"response".equals(hook)) {
            fields.fail("hook", "must be request or response: the phase to try");
        }
        if (payload == null || !payload.isObject()) {
            fields.fail("payload", "must be an object: tool arguments or a tool result");
        }
        Optional<Problem> problem = fields.problem();
        if (problem.isPresent()) {
            return Result.failed(problem.get());
        }
        try {
            RuleSpec spec = RuleCompiler.validate(RuleJson.spec(rule));
            return Result.ok(new Trial(spec, Hook.fromWire(hook).orElseThrow(), payload, tool, host, ruleId));
        } catch (RequestRejected e) {
            return Result.failed(Stores.problem(e));
        }
    }

    /** {@code {"decision": "pass" | "modified" | "blocked" | "held", "payload"?, "error"?, "hits": [...]}}. */
    static ObjectNode view(Decision d) {
        ObjectNode o = NODES.objectNode();
        if (d instanceof Decision.Pass p) {
            o.put("decision", p.modified() ? "modified" : "pass");
            o.set("payload", p.payload());
        } else if (d instanceof Decision.Blocked b) {
            o.put("decision", "blocked");
            ObjectNode error = o.putObject("error");
            error.put("code", b.error().code());
            error.put("message", b.error().message());
        } else if (d instanceof Decision.Held h) {
            o.put("decision", "held");
            o.put("approvalTimeoutSeconds", h.timeout().toSeconds());
            o.set("payload", h.payload());
        }
        ArrayNode hits = o.putArray("hits");
        for (RuleHit hit : d.hits()) {
            ObjectNode h = hits.addObject();
            h.put("rule", hit.ruleName());
            h.put("action", hit.action());
            h.put("observed", hit.observed());
            ArrayNode detectors = h.putArray("detectors");
            hit.detectors().forEach(detectors::add);
            ArrayNode pointers = h.putArray("pointers");
            hit.pointers().forEach(pointers::add);
            h.put("matches", hit.matches());
            h.put("keys", hit.keys());
            h.put("note", hit.note());
        }
        return o;
    }

    private static String audit(String action, Rule rule) {
        return action + ": '" + rule.name() + "' (" + rule.id() + ")";
    }
}
