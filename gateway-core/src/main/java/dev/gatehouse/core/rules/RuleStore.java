package dev.gatehouse.core.rules;

import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;

import java.util.List;
import java.util.Optional;

/** The rules of every gateway. Each change is one transaction; specifications are validated first. */
public interface RuleStore {
    /** The gateway's rules in evaluation order (ascending priority, then creation). */
    List<Rule> rules(String gateway);

    /** The sort names {@link #rules(String, ListQuery)} knows. */
    java.util.Set<String> SORTS = java.util.Set.of("priority", "name", "tool", "hook", "createdAt");

    /**
     * The gateway's rules matching the query's text in their name, id, description or tool pattern; one page, usual
     * order by priority (the order they are evaluated in).
     */
    Page<Rule> rules(String gateway, ListQuery query);

    Optional<Rule> rule(String id);

    /** @throws dev.gatehouse.core.store.RequestRejected INVALID for a bad specification, NOT_FOUND without the gateway */
    Rule create(String gateway, RuleSpec spec, String actor);

    /** Replaces the rule's specification. @throws dev.gatehouse.core.store.RequestRejected as for create */
    Rule replace(String id, RuleSpec spec, String actor);

    boolean delete(String id);
}
