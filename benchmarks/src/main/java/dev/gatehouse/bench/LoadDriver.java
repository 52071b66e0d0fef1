package dev.gatehouse.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load: closed loop (each connection sends its next call when the last is answered: saturation
 * throughput) and open loop (calls are due at a fixed rate whatever the server does, and latency is
 * measured from the time each call was due, so a stall is charged to every call it delays: no
 * coordinated omission). One platform thread per connection, blocking sockets.
 */
final class LoadDriver {
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * What one phase measured. {@code answered} counts every HTTP reply, successful or not; {@code overload}
     * the open-loop calls never sent because the server fell too far behind (included in {@code errors}).
     */
    record Result(String leg, String load, double seconds, long ok, long errors, long overload, long answered,
                  Histogram latency, long cpuNanos) {
        double throughput() {
            return ok / seconds;
        }

        /**
         * The whole process's CPU time over the measured window per call answered in it: driver, upstream and
         * (on the gateway leg) Gatehouse. The gateway's own share is the difference to the direct leg's.
         */
        double cpuMillisPerCall() {
            long calls = ok + errors - overload;
            return calls <= 0 ? 0 : cpuNanos / 1e6 / calls;
        }
    }

    private LoadDriver() {
    }

    /** Closed loop on {@code connections} connections: warm up, then measure for {@code seconds}. */
    static Result closedLoop(Target target, int connections, double warmupSeconds, double seconds) throws InterruptedException {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long end = warmupEnd + (long) (seconds * 1e9);
        return run(target, connections + " conn", connections, seconds, warmupEnd, end, (worker, stats) -> {
            try (RawHttp http = new RawHttp(target.url())) {
                long now;
                while ((now = System.nanoTime()) < end) {
                    boolean measured = now >= warmupEnd;
                    call(http, target, now, measured ? stats : null, stats);
                }
            }
        });
    }

    /**
     * Open loop at {@code rate} calls per second over {@code connections} connections: call i is due at
     * {@code start + i / rate}; whichever connection is free takes the next due call.
     */
    static Result openLoop(Target target, double rate, int connections, double warmupSeconds, double seconds)
            throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long warmupEnd = start + (long) (warmupSeconds * 1e9);
        long end = warmupEnd + (long) (seconds * 1e9);
        double interval = 1e9 / rate;
        // a server slower than the offered rate builds a backlog; calls still unsent this long after the
        // end are counted as errors (overload) instead of stretching the run without bound
        long giveUp = end + (long) (Math.max(2, seconds) * 1e9);
        AtomicLong tickets = new AtomicLong();
        return run(target, String.format("open %.0f/s", rate), connections, seconds, warmupEnd, end, (worker, stats) -> {
            try (RawHttp http = new RawHttp(target.url())) {
                while (true) {
                    long due = start + (long) (tickets.getAndIncrement() * interval);
                    if (due >= end) {
                        return;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (System.nanoTime() > giveUp) {
                        stats.errors++;
                        stats.overload++;
                        continue;
                    }
                    call(http, target, due, due >= warmupEnd ? stats : null, stats);
                }
            }
        });
    }

    private static void call(RawHttp http, Target target, long from, Stats measured, Stats all) {
        try {
            RawHttp.Reply reply = http.exchange(target.request());
            all.answered++;
            if (measured != null) {
                if (Target.success(reply)) {
                    measured.ok++;
                    measured.latency.recordValue(Math.min(System.nanoTime() - from, MAX_LATENCY_NANOS));
                } else {
                    measured.errors++;
                    if (measured.firstError == null) {
                        measured.firstError = reply.status() + " " + reply.text();
                    }
                }
            }
        } catch (Exception e) {
            if (measured != null) {
                measured.errors++;
                if (measured.firstError == null) {
                    measured.firstError = e.toString();
                }
            }
        }
    }

    private static final class Stats {
        final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
        long ok;
        long errors;
        long answered;
        long overload;
        String firstError;
    }

    /** The process's CPU time between two instants of {@link System#nanoTime}, sampled by a thread that sleeps between. */
    private static final class CpuWindow {
        private final Thread sampler;
        private volatile long nanos;

        private CpuWindow(long from, long until) {
            sampler = new Thread(() -> {
                parkUntil(from);
                long first = processCpuNanos();
                parkUntil(until);
                nanos = processCpuNanos() - first;
            }, "bench-cpu");
            sampler.setDaemon(true);
        }

        static CpuWindow start(long from, long until) {
            CpuWindow w = new CpuWindow(from, until);
            w.sampler.start();
            return w;
        }

        long nanos() throws InterruptedException {
            sampler.join();
            return nanos;
        }

        private static void parkUntil(long deadline) {
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }

        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private interface Work {
        void run(int worker, Stats stats) throws Exception;
    }

    private static Result run(Target target, String load, int connections, double seconds, long measureFrom,
                              long measureUntil, Work work) throws InterruptedException {
        CpuWindow cpu = CpuWindow.start(measureFrom, measureUntil);
        List<Stats> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            Stats stats = new Stats();
            all.add(stats);
            int worker = i;
            Thread t = new Thread(() -> {
                try {
                    work.run(worker, stats);
                } catch (Exception e) {
                    stats.errors++;
                    stats.firstError = e.toString();
                } finally {
                    done.countDown();
                }
            }, "bench-" + target.name() + "-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        Histogram merged = new Histogram(MAX_LATENCY_NANOS, 3);
        long ok = 0;
        long errors = 0;
        long answered = 0;
        long overload = 0;
        String firstError = null;
        for (Stats s : all) {
            merged.add(s.latency);
            ok += s.ok;
            errors += s.errors;
            answered += s.answered;
            overload += s.overload;
            firstError = firstError == null ? s.firstError : firstError;
        }
        if (overload > 0) {
            System.err.printf("bench: %s %s: %d calls not sent (backlog beyond the run: below the offered rate)%n",
                    target.name(), load, overload);
        }
        if (firstError != null) {
            System.err.println("bench: " + target.name() + " " + load + ": first error: "
                    + firstError.substring(0, Math.min(300, firstError.length())));
        }
        return new Result(target.name(), load, seconds, ok, errors, overload, answered, merged, cpu.nanos());
    }
}
