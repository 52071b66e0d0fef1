package dev.gatehouse.core.limits;

/**
 * What a limit's bounds have taken right now, cluster-wide, as the database hands quota out ({@link LeaseStore}):
 * for each bound the busiest subject's (connection's or host's) take, null where the limit has no such bound.
 * A take is what counts against the bound: nodes take quota in batches of a tenth of it, so a take may exceed the
 * calls made by what a node holds unspent, and concurrency slots linger a second after a call ends.
 *
 * @param perSecond  units taken in the current one-second window
 * @param perMinute  units taken in the current one-minute window
 * @param concurrent slots held by live nodes
 * @param subjects   connections or hosts that took anything in those windows or hold slots
 */
public record LimitUsage(Integer perSecond, Integer perMinute, Integer concurrent, int subjects) {
}
