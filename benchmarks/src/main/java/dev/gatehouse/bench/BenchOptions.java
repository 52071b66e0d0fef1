package dev.gatehouse.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the benchmark. Defaults are the full run; {@code --smoke} is the few-second
 * run of {@code mvn verify}, which checks that everything works and the audit count matches, never speed.
 */
record BenchOptions(List<Integer> connections, double warmupSeconds, double seconds, int openConnections,
                    Double openRate, boolean smoke, long extraTokens, int idleStreams, String database,
                    String upstream, Path nodeHarness, String audit, Path summary) {
    static final String USAGE = """
            usage: java -jar benchmarks/target/gatehouse-bench.jar [options]
              --connections 1,16,64   closed-loop connection counts (saturation)
              --warmup S              warm-up seconds per phase (default 5)
              --seconds S             measured seconds per phase (default 15)
              --open-connections N    connections of the open-loop phase (default 64)
              --rate R                open-loop calls/s (default: half the direct saturation at 16 connections)
              --tokens N              add N tokens to the database first (bulk SQL), for the flatness check
              --sse N                 then hold N idle SSE listen streams open through the gateway (heap per stream)
              --db h2|postgresql      Gatehouse's database: H2 file (the embedded default) or an embedded PostgreSQL
              --upstream demo|everything  the upstream: the demo server (MCP Java SDK, default) or server-everything (Node)
              --node-harness DIR      where server-everything is installed (default integration-tests/node)
              --audit process|fsync|database  the node's audit-durability (default process: the journal, docs/audit.md)
              --summary FILE          append the run's one-line summary (a Markdown table row) to FILE (benchmarks/run-all)
              --smoke                 a few seconds: checks it works and that the audit count matches
            """;

    static BenchOptions parse(String[] args) {
        List<Integer> connections = List.of(1, 16, 64);
        double warmup = 5;
        double seconds = 15;
        int openConnections = 64;
        Double rate = null;
        boolean smoke = false;
        long tokens = 0;
        int sse = 0;
        String database = "h2";
        String upstream = "demo";
        Path harness = Path.of("integration-tests/node");
        String audit = System.getProperty("gatehouse.audit-durability", "process");
        Path summary = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String c : args[++i].split(",")) {
                        list.add(Integer.parseInt(c.trim()));
                    }
                    connections = List.copyOf(list);
                }
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--open-connections" -> openConnections = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--tokens" -> tokens = Long.parseLong(args[++i]);
                case "--sse" -> sse = Integer.parseInt(args[++i]);
                case "--db" -> database = args[++i];
                case "--upstream" -> upstream = args[++i];
                case "--node-harness" -> harness = Path.of(args[++i]);
                case "--smoke" -> smoke = true;
                case "--audit" -> audit = args[++i];
                case "--summary" -> summary = Path.of(args[++i]);
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!database.equals("h2") && !database.equals("postgresql")) {
            throw new IllegalArgumentException("--db is h2 or postgresql");
        }
        if (!upstream.equals("demo") && !upstream.equals("everything")) {
            throw new IllegalArgumentException("--upstream is demo or everything");
        }
        if (!List.of("process", "fsync", "database").contains(audit)) {
            throw new IllegalArgumentException("--audit is process, fsync or database");
        }
        if (smoke) {
            // a rate any machine sustains: the smoke run checks that things work, never how fast; phases of
            // 0.2 + 0.4 s still send every leg tens of calls (the open loop at 20/s about a dozen), which is all
            // the audit check needs, and keep six runs in mvn verify short
            return new BenchOptions(List.of(1, 4), 0.2, 0.4, 4, rate == null ? 20.0 : rate, true, tokens, sse, database, upstream, harness,
                    audit, summary);
        }
        return new BenchOptions(connections, warmup, seconds, openConnections, rate, false, tokens, sse, database, upstream,
                harness, audit, summary);
    }
}
