package dev.gatehouse.gateway.mcp;

import jakarta.servlet.AsyncContext;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work an exchange hands to the container's threads ({@link AsyncContext#start}), each piece run once. The
 * container drops a piece that has not started when the exchange completes (Jetty refuses to run it once the
 * request is recycled), so whatever is left then runs on the completing thread: a call's record, a withdrawal,
 * the resumption of a relay are never lost to a client that left or was cut.
 */
final class ContainerWork {
    private final AsyncContext async;
    private final Set<Piece> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean over;

    ContainerWork(AsyncContext async) {
        this.async = async;
    }

    /** Runs {@code work} on a container thread, or here once the exchange is over. */
    void run(Runnable work) {
        Piece piece = new Piece(work);
        waiting.add(piece);
        if (over) {
            piece.run();
            return;
        }
        try {
            async.start(piece);
        } catch (IllegalStateException e) {
            piece.run(); // the exchange is already over: the work only finds nothing left to write
        }
    }

    /** The exchange completed: what the container has not started runs now. */
    void exchangeCompleted() {
        over = true;
        for (Piece piece : waiting) {
            piece.run();
        }
    }

    private final class Piece implements Runnable {
        private final Runnable work;
        private final AtomicBoolean ran = new AtomicBoolean();

        Piece(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (ran.compareAndSet(false, true)) {
                waiting.remove(this);
                work.run();
            }
        }
    }
}
