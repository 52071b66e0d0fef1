package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostUsage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The apps and agents known to Gatehouse. Deleted hosts vanish from every read. Each change is one transaction. */
public interface HostDirectory {
    Host createHost(NewHost spec, String actor);

    List<Host> hosts();

    /** The sort names {@link #hosts(ListQuery)} knows. */
    java.util.Set<String> SORTS = java.util.Set.of("name", "kind", "createdAt");

    /** Live hosts matching the query's text in name, id or description, one page of them, usual order oldest first. */
    Page<Host> hosts(ListQuery query);

    Optional<Host> host(String id);

    /** Deletes the host and revokes every token of its connections in the same transaction. */
    boolean deleteHost(String id, String actor);

    /**
     * Disables ({@code disabled}) or re-enables a host: while disabled, every token of all its connections
     * is refused at once, whatever each connection's own switch says.
     *
     * @return the host as now stored; empty when there is no such live host
     */
    Optional<Host> setDisabled(String id, boolean disabled);

    /** Connection counts and last use of every live host, by host id; hosts never connected are absent. */
    Map<String, HostUsage> usage();
}
