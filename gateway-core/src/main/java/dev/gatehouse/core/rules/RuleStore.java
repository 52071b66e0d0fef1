package dev.gatehouse.core.rules;

import java.util.List;
import java.util.Optional;

/** The rules of every gateway. Each change is one transaction; specifications are validated first. */
public interface RuleStore {
    /** The gateway's rules in evaluation order (ascending priority, then creation). */
    List<Rule> rules(String gateway);

    Optional<Rule> rule(String id);

    /** @throws dev.gatehouse.core.store.RequestRejected INVALID for a bad specification, NOT_FOUND without the gateway */
    Rule create(String gateway, RuleSpec spec, String actor);

    /** Replaces the rule's specification. @throws dev.gatehouse.core.store.RequestRejected as for create */
    Rule replace(String id, RuleSpec spec, String actor);

    boolean delete(String id);
}
