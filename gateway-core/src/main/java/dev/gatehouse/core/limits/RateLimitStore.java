package dev.gatehouse.core.limits;

import java.util.List;
import java.util.Optional;

/** The configured rate limits. Each change is one transaction. */
public interface RateLimitStore {
    List<RateLimit> limits();

    Optional<RateLimit> limit(String id);

    /** @throws dev.gatehouse.core.store.RequestRejected INVALID for a bad specification */
    RateLimit create(NewRateLimit spec, String actor);

    /**
     * Replaces a limit's definition (last write wins); the quota already taken in the current windows still counts.
     *
     * @throws dev.gatehouse.core.store.RequestRejected INVALID for a bad specification, NOT_FOUND for no such limit
     */
    RateLimit update(String id, NewRateLimit spec, String actor);

    boolean delete(String id);

    /** How much of each of the limit's bounds is taken right now, by its busiest subject. */
    LimitUsage usage(RateLimit limit);
}
