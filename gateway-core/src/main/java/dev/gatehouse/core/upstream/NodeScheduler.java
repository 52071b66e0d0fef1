package dev.gatehouse.core.upstream;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Jetty's client scheduling its idle and connect timers on the node's own timer thread, so that in WildFly
 * and Payara that thread comes from the container's managed factory like every other Gatehouse thread
 * (Jetty's default scheduler starts a thread of its own).
 */
final class NodeScheduler extends AbstractLifeCycle implements Scheduler {
    private final ScheduledExecutorService timer;

    NodeScheduler(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit units) {
        try {
            ScheduledFuture<?> f = timer.schedule(task, delay, units);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException stopping) {
            return () -> false; // the node is stopping and its client with it: as Jetty's own scheduler once stopped
        }
    }
}
