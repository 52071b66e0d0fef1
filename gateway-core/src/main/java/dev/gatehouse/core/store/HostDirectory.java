package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Host;

import java.util.List;
import java.util.Optional;

/** The apps and agents known to Gatehouse. Deleted hosts vanish from every read. */
public interface HostDirectory {
    Host createHost(NewHost spec, String actor);

    List<Host> hosts();

    Optional<Host> host(String id);

    /** Deletes the host and revokes every token of its connections in the same transaction. */
    boolean deleteHost(String id, String actor);
}
