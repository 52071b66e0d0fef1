package dev.gatehouse.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Optional;

/** The one table of a run: each closed-loop load direct vs through Gatehouse, the open-loop phase, the checks. */
public record Report(BenchOptions options, String upstream, List<LoadDriver.Result> closed, List<LoadDriver.Result> open,
                     long gatewayAnswered, long callsCompletedAudited, long heapUsedBytes,
                     String idleStreams, String loadBefore, String loadAfter) {

    public boolean auditMatches() {
        return gatewayAnswered == callsCompletedAudited;
    }

    /** Errors other than overload: failed or wrong replies, broken connections. */
    public long failures() {
        return errors() - closed.stream().mapToLong(LoadDriver.Result::overload).sum()
                - open.stream().mapToLong(LoadDriver.Result::overload).sum();
    }

    public long errors() {
        return closed.stream().mapToLong(LoadDriver.Result::errors).sum()
                + open.stream().mapToLong(LoadDriver.Result::errors).sum();
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n%-10s %-11s %10s %7s %8s %8s %9s %10s %10s %7s %9s %9s%n", "leg", "load", "calls/s", "ratio",
                "p50 ms", "p99 ms", "p99.9 ms", "+p50 ms", "+p99 ms", "errors", "CPU/call", "+CPU/call"));
        rows(sb, closed);
        rows(sb, open);
        sb.append(String.format("%nCPU/call: the whole process's CPU time (driver, upstream and, through the gateway, Gatehouse) per"
                + " call, in ms; +CPU/call: the gateway's own, the difference to the direct leg at the same load"));
        sb.append(String.format("%nupstream: %s", upstream));
        sb.append(String.format("%ndatabase: %s, audit-durability %s (CALL_STARTED %s before the upstream call, CALL_COMPLETED before the reply)%n",
                options.database().equals("h2") ? "H2 file (embedded default, WRITE_DELAY=0)" : "PostgreSQL (embedded, fsync on)",
                options.audit(), switch (options.audit()) {
                    case "process" -> "in the node's journal (one write per batch)";
                    case "fsync" -> "in the node's journal and forced to disk";
                    default -> "committed to the database";
                }));
        sb.append(String.format("audit: gateway tools/call answered %d, call_completed records %d: %s%n",
                gatewayAnswered, callsCompletedAudited, auditMatches() ? "MATCH" : "MISMATCH"));
        sb.append(String.format("errors other than open-loop overload: %d: %s%n", failures(), failures() == 0 ? "OK" : "FAILED"));
        sb.append(String.format("heap used after GC (whole process: Gatehouse + upstream + driver): %.1f MiB%n",
                heapUsedBytes / 1048576.0));
        sb.append(idleStreams);
        sb.append(String.format("load average before: %s, after: %s; %d cores, max heap %d MiB, Java %s%s%n",
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576, System.getProperty("java.version"),
                options.smoke() ? " (smoke mode: figures meaningless)" : ""));
        return sb.toString();
    }

    /**
     * The run as one Markdown table row (its header is printed by benchmarks/run-all, which collects one row per
     * durability mode and database): the targets side by side (the closed-loop count nearest 16 and the smallest stand for "16" and "1").
     */
    public String summaryRow() {
        Optional<LoadDriver.Result[]> many = pairAt(closed.stream().mapToInt(Report::connections)
                .boxed().min(java.util.Comparator.comparingInt(c -> Math.abs(c - 16))).orElse(-1));
        Optional<LoadDriver.Result[]> one = pairAt(closed.stream().mapToInt(Report::connections).min().orElse(-1));
        String direct = many.map(p -> String.format("%.0f", p[0].throughput())).orElse("");
        String gateway = many.map(p -> String.format("%.0f", p[1].throughput())).orElse("");
        String ratio = many.map(p -> String.format("%.2f", p[1].throughput() / Math.max(1e-9, p[0].throughput()))).orElse("");
        String cpu = many.map(p -> String.format("%.3f ms", p[1].cpuMillisPerCall() - p[0].cpuMillisPerCall())).orElse("");
        String p50 = one.filter(p -> p[1].ok() > 0).map(p -> ms(p[1].latency().getValueAtPercentile(50)
                - p[0].latency().getValueAtPercentile(50)) + " ms").orElse("");
        String openLoop = open.size() < 2 ? "" : open.get(0).load().replace("open ", "") + ", "
                + (open.get(1).ok() == 0 ? "overload" : ms(open.get(1).latency().getValueAtPercentile(99)
                - open.get(0).latency().getValueAtPercentile(99)) + " ms")
                + (open.get(1).overload() > 0 ? " (" + open.get(1).overload() + " unsent)" : "");
        return String.format("| `%s`, %s | %s | %s | %s | %s | %s | %s | %d = %d %s | %d | %s; %s |%n", options.audit(),
                options.database().equals("h2") ? "H2" : "PostgreSQL", direct, gateway, ratio, p50, openLoop, cpu,
                gatewayAnswered, callsCompletedAudited, auditMatches() ? "MATCH" : "MISMATCH", failures(), loadBefore, loadAfter);
    }

    private Optional<LoadDriver.Result[]> pairAt(int connections) {
        for (int i = 0; i + 1 < closed.size(); i += 2) {
            if (connections(closed.get(i)) == connections) {
                return Optional.of(new LoadDriver.Result[] {closed.get(i), closed.get(i + 1)});
            }
        }
        return Optional.empty();
    }

    private static int connections(LoadDriver.Result r) {
        return Integer.parseInt(r.load().split(" ")[0]);
    }

    private static void rows(StringBuilder sb, List<LoadDriver.Result> results) {
        for (int i = 0; i + 1 < results.size(); i += 2) {
            LoadDriver.Result direct = results.get(i);
            LoadDriver.Result gateway = results.get(i + 1);
            sb.append(row(direct, Optional.empty()));
            sb.append(row(gateway, Optional.of(direct)));
        }
    }

    private static String row(LoadDriver.Result r, Optional<LoadDriver.Result> compared) {
        // nothing answered in time: no latency to compare (see the errors column)
        Optional<LoadDriver.Result> direct = r.ok() == 0 ? Optional.empty() : compared;
        Histogram h = r.latency();
        String ratio = direct.map(d -> String.format("%.2f", r.throughput() / Math.max(1e-9, d.throughput()))).orElse("");
        String addedP50 = direct.map(d -> ms(h.getValueAtPercentile(50) - d.latency().getValueAtPercentile(50))).orElse("");
        String addedP99 = direct.map(d -> ms(h.getValueAtPercentile(99) - d.latency().getValueAtPercentile(99))).orElse("");
        String addedCpu = direct.map(d -> String.format("%.3f", r.cpuMillisPerCall() - d.cpuMillisPerCall())).orElse("");
        return String.format("%-10s %-11s %10.0f %7s %8s %8s %9s %10s %10s %7d %9.3f %9s%n", r.leg(), r.load(), r.throughput(),
                ratio, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                addedP50, addedP99, r.errors(), r.cpuMillisPerCall(), addedCpu);
    }

    private static String ms(long nanos) {
        return String.format("%.3f", nanos / 1e6);
    }
}
