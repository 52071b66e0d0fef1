package dev.gatehouse.core.runtime;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where every thread of a Gatehouse node comes from. In WildFly or Payara they come from the container's
 * Jakarta Concurrency {@code ManagedThreadFactory} ({@value #MANAGED_THREAD_FACTORY}, looked up while the
 * application starts), so the server sees and manages them; where there is none (the embedded launcher, a
 * plain servlet container, tests) they are plain daemon threads. Pools are bounded and reuse idle threads:
 * no piece of Gatehouse starts a thread per call.
 * <p>
 * Gatehouse builds its own pools on the container's factory rather than submitting to the container's
 * {@code DefaultManagedExecutorService}: that executor's size is the server's setting, shared with every
 * application, and an upstream send waits on its thread until the answer arrives.
 */
public final class NodeThreads {
    /** The JNDI name every Jakarta EE 7+ server binds its default thread factory under. */
    public static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    /** How long an idle pooled thread is kept for the next burst. */
    static final long KEEP_IDLE_SECONDS = 60;
    private static final System.Logger LOG = System.getLogger(NodeThreads.class.getName());

    private final ThreadFactory container;

    private NodeThreads(ThreadFactory container) {
        this.container = container;
    }

    /** Plain daemon threads: the embedded launcher, a plain servlet container, tests. */
    public static NodeThreads plain() {
        return new NodeThreads(null);
    }

    /**
     * The container's managed thread factory when the caller's naming context offers one (call it on a thread
     * of the deploying application), else {@link #plain()}.
     */
    public static NodeThreads detect() {
        try {
            if (new InitialContext().lookup(MANAGED_THREAD_FACTORY) instanceof ThreadFactory managed) {
                LOG.log(System.Logger.Level.INFO, "Gatehouse threads come from the container's " + MANAGED_THREAD_FACTORY);
                return new NodeThreads(managed);
            }
        } catch (NamingException | RuntimeException | LinkageError e) {
            // no Jakarta Concurrency here (the launcher, Jetty, Tomcat): plain threads
        }
        return plain();
    }

    /** True when the threads are the container's own. */
    public boolean managed() {
        return container != null;
    }

    /** A factory naming its threads {@code prefix-1}, {@code prefix-2}, ... */
    public ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            String name = prefix + "-" + n.incrementAndGet();
            Thread t = fromContainer(task);
            if (t == null) {
                t = new Thread(task);
                t.setDaemon(true);
            }
            try {
                t.setName(name);
            } catch (SecurityException e) {
                // a container that keeps its own names: the thread works as well under its name
            }
            return t;
        };
    }

    private Thread fromContainer(Runnable task) {
        if (container == null) {
            return null;
        }
        try {
            return container.newThread(task);
        } catch (RuntimeException e) {
            // the factory refuses once its application is stopping: shut-down work still gets a thread
            return null;
        }
    }

    /**
     * A pool of at most {@code maxThreads} that hands each task to an idle thread if there is one, starts a
     * thread (up to the bound) if there is none, and queues beyond the bound. Idle threads end after a minute.
     */
    public ExecutorService pool(String prefix, int maxThreads) {
        HandOff queue = new HandOff();
        return new ThreadPoolExecutor(0, maxThreads, KEEP_IDLE_SECONDS, TimeUnit.SECONDS, queue, named(prefix),
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("Gatehouse is stopping");
                    }
                    queue.enqueue(task); // every thread busy: the task waits for the first one free
                });
    }

    /** One timer thread (deadlines, keep-alives, polls); its tasks must be short. */
    public ScheduledExecutorService timer(String prefix) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(prefix));
        timer.setRemoveOnCancelPolicy(true); // a cancelled deadline leaves the queue at once, not when it was due
        return timer;
    }

    /**
     * A queue that accepts an offered task only when an idle thread takes it at once, so the pool starts a
     * thread (up to its bound) rather than queueing while threads could be added; the pool's rejection
     * then queues it for real.
     */
    private static final class HandOff extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
