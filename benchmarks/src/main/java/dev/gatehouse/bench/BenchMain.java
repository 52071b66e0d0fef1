package dev.gatehouse.bench;

import dev.gatehouse.launcher.GatehouseUnderTest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar benchmarks/target/gatehouse-bench.jar}: the demo MCP server on its own Jetty, Gatehouse
 * (embedded launcher assembly, H2, durable audit) in front of it, and a load driver calling the echo tool
 * directly and through the gateway, side by side in one run; prints one table.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print(BenchOptions.USAGE);
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        Report report = run(options);
        System.out.print(report.table());
        System.out.flush();
        if (options.summary() != null) {
            Files.writeString(options.summary(), report.summaryRow(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(report.auditMatches() && report.failures() == 0 ? 0 : 1);
    }

    /** Runs every phase and returns the report; the caller prints it. */
    public static Report run(BenchOptions options) throws Exception {
        GatehouseUnderTest.quietLogs();
        System.setProperty("gatehouse.audit-durability", options.audit()); // read by the node's settings at start
        Path data = Files.createTempDirectory("gatehouse-bench-");
        String loadBefore = loadAverage();
        try (Database database = Database.start(options.database());
             Upstream upstream = Upstream.start(options);
             GatehouseUnderTest gatehouse = GatehouseUnderTest.start(data, database.jdbcUrl(), database.user(), "",
                     upstream.url())) {
            if (options.extraTokens() > 0) {
                TokenFill.insert(gatehouse.runtime(), options.database(), options.extraTokens());
            }
            Target direct = Target.direct(upstream.url());
            Target gateway = Target.gateway(gatehouse.mcpUrl(), gatehouse.token());
            AuditCount audit = new AuditCount(gatehouse.runtime());
            long completedBefore = audit.callsCompleted();

            List<LoadDriver.Result> closed = new ArrayList<>();
            for (int c : options.connections()) {
                closed.add(progress(LoadDriver.closedLoop(direct, c, options.warmupSeconds(), options.seconds())));
                closed.add(progress(LoadDriver.closedLoop(gateway, c, options.warmupSeconds(), options.seconds())));
            }
            double rate = options.openRate() != null ? options.openRate() : halfDirectSaturation(closed);
            List<LoadDriver.Result> open = List.of(
                    progress(LoadDriver.openLoop(direct, rate, options.openConnections(), options.warmupSeconds(), options.seconds())),
                    progress(LoadDriver.openLoop(gateway, rate, options.openConnections(), options.warmupSeconds(), options.seconds())));

            long answered = Stream.concat(closed.stream(), open.stream())
                    .filter(r -> r.leg().equals(gateway.name())).mapToLong(LoadDriver.Result::answered).sum();
            long completed = audit.callsCompleted() - completedBefore;
            long heap = heapUsedAfterGc();
            String streams = "";
            if (options.idleStreams() > 0) {
                try (IdleStreams idle = new IdleStreams()) {
                    streams = idle.open(gatehouse.mcpUrl(), gatehouse.token(), options.idleStreams()).line();
                }
            }
            return new Report(options, upstream.description(), closed, open, answered, completed, heap, streams, loadBefore,
                    loadAverage());
        } finally {
            deleteQuietly(data);
        }
    }

    /** Prints each phase as it ends (stderr), with the load average at that moment: the machine may be shared. */
    private static LoadDriver.Result progress(LoadDriver.Result r) {
        System.err.printf("bench: %-9s %-11s %8.0f calls/s p50 %.3f ms p99 %.3f ms errors %d CPU/call %.3f ms (load average %s)%n",
                r.leg(), r.load(), r.throughput(), r.latency().getValueAtPercentile(50) / 1e6,
                r.latency().getValueAtPercentile(99) / 1e6, r.errors(), r.cpuMillisPerCall(), loadAverage());
        return r;
    }

    /** Half of the direct leg's closed-loop throughput at 16 connections (or the nearest measured count). */
    private static double halfDirectSaturation(List<LoadDriver.Result> closed) {
        return closed.stream().filter(r -> r.leg().equals("direct"))
                .min(Comparator.comparingInt(r -> Math.abs(Integer.parseInt(r.load().split(" ")[0]) - 16)))
                .map(r -> Math.max(1, r.throughput() / 2)).orElse(100.0);
    }

    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
