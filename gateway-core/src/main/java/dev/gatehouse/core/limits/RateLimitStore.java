package dev.gatehouse.core.limits;

import java.util.List;
import java.util.Optional;

/** The configured rate limits. Each change is one transaction. */
public interface RateLimitStore {
    List<RateLimit> limits();

    Optional<RateLimit> limit(String id);

    /** @throws dev.gatehouse.core.store.RequestRejected INVALID for a bad specification */
    RateLimit create(NewRateLimit spec, String actor);

    boolean delete(String id);
}
