package dev.gatehouse.gateway.mcp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive comments ({@code : keep-alive}) on idle event streams, so proxies and clients do not take a
 * quiet stream for a dead one: listen streams always, POST streams once open (while a slow upstream works
 * between events). One timer thread for the node; the writes themselves run on container threads.
 */
final class KeepAlive implements AutoCloseable {
    static final String COMMENT = "keep-alive";
    private final Duration interval;
    private final ScheduledExecutorService timer;
    /** The POST exchanges whose event streams the sweep keeps alive. */
    private final java.util.Set<ClientLeg> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> sweep;

    /** @param timer its one thread, the node's ({@link dev.gatehouse.core.runtime.NodeThreads#timer}); closed with it */
    KeepAlive(Duration interval, ScheduledExecutorService timer) {
        this.interval = interval;
        this.timer = timer;
    }

    Duration interval() {
        return interval;
    }

    /** Runs the task every interval until cancelled. */
    ScheduledFuture<?> every(Runnable task) {
        return timer.scheduleAtFixedRate(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the leg has been quiet for about an interval. */
    boolean idle(ClientLeg leg) {
        return leg.idleNanos() >= interval.toNanos() * 9 / 10;
    }

    /**
     * Keeps a POST exchange's event stream alive, once it is open, until the exchange is over: the exchange
     * joins the one sweep over every watched stream (started with the first), so no timer is set per call.
     */
    void watch(ClientLeg leg) {
        watched.add(leg);
        leg.onOver(() -> watched.remove(leg));
        if (sweep == null) {
            synchronized (this) {
                if (sweep == null) {
                    sweep = every(this::sweep);
                }
            }
        }
    }

    private void sweep() {
        for (ClientLeg leg : watched) {
            if (leg.over()) {
                watched.remove(leg);
            } else if (leg.streaming() && idle(leg)) {
                leg.dispatch(() -> leg.comment(COMMENT));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
