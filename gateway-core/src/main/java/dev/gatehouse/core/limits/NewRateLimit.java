package dev.gatehouse.core.limits;

/** What an admin submits to create a rate limit; see {@link RateLimit}. */
public record NewRateLimit(String name, String gateway, LimitScope scope, String hostId, Integer perSecond,
                           Integer perMinute, Integer concurrent) {
}
