package dev.gatehouse.bench;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark in smoke mode, as part of {@code mvn verify}, through the very script the full table is run
 * with ({@code benchmarks/run-all --smoke}): every audit durability mode on H2 and on PostgreSQL must start,
 * drive both legs and find every answered {@code tools/call} in the audit table. Speed is never asserted.
 */
class BenchmarkSmokeIT {
    private static final Pattern AUDIT = Pattern.compile("\\| (\\d+) = (\\d+) (MATCH|MISMATCH) \\| (\\d+) \\|");

    @Test
    void runAllSmokeWhenEveryModeAndDatabaseRunsThenEveryAnsweredCallIsAudited() throws Exception {
        Path out = Path.of("target", "run-all-smoke").toAbsolutePath();
        Files.createDirectories(out);
        // six smoke runs of 10-40 s each; the script bounds each run (420 s), this bounds the whole
        String output = script("run-all-smoke.log", Map.of("OUT", out.toString()), 45, "run-all", "--smoke");
        assertTrue(output.contains("load average at start"), "the load average is printed");

        List<String> rows = Files.readAllLines(out.resolve("summary.md"));
        assertEquals(6, rows.size(), "one summary row per durability mode and database: " + rows);
        for (String durability : List.of("process", "fsync", "database")) {
            for (String database : List.of("H2", "PostgreSQL")) {
                String row = rows.stream().filter(r -> r.startsWith("| `" + durability + "`, " + database + " |"))
                        .findFirst().orElseThrow(() -> new AssertionError("no row for " + durability + ", " + database));
                Matcher audit = AUDIT.matcher(row);
                assertTrue(audit.find(), "audit column in " + row);
                assertTrue(Long.parseLong(audit.group(1)) > 0, "the gateway answered no call: " + row);
                assertEquals(audit.group(1), audit.group(2), "answered tools/call vs call_completed records: " + row);
                assertEquals("MATCH", audit.group(3), row);
                assertEquals("0", audit.group(4), "failed calls: " + row);
            }
        }
        assertTrue(new File(out.toFile(), "process-postgresql.txt").length() > 0, "each run's own table is kept");
    }

    /**
     * {@code benchmarks/idle-streams} with a few streams: the launcher, the demo upstream and the holder each in a
     * process of their own, set up through the admin API, and the heaps read with jcmd. Never the figures.
     */
    @Test
    void idleStreamsWhenAFewAreHeldThenEveryOneOpensAndTheHeapsAreRead() throws Exception {
        String output = script("idle-streams-smoke.log", Map.of("GATEWAY_PORT", String.valueOf(freePort()),
                "UPSTREAM_PORT", String.valueOf(freePort())), 15, "idle-streams", "20");
        assertTrue(output.contains("holding 20 of 20 idle listen streams (0 failed)"), "every stream opened");
        assertTrue(Pattern.compile("per stream: gateway -?[0-9.]+ KiB of heap").matcher(output).find(), "the gateway's heap was read");
    }

    /**
     * Runs {@code bash COMMAND} in the module's folder with this JVM's java and jcmd, bounded by {@code minutes}
     * (the whole process tree is killed beyond it); prints its output (also kept in target/LOG) and checks that it
     * finished with exit status 0.
     */
    private static String script(String log, Map<String, String> env, long minutes, String... command) throws Exception {
        Path logFile = Path.of("target", log).toAbsolutePath();
        List<String> bash = new ArrayList<>(List.of("bash"));
        bash.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(bash).redirectErrorStream(true).redirectOutput(logFile.toFile());
        Path bin = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent();
        builder.environment().put("JAVA", bin.resolve("java").toString());
        builder.environment().put("JCMD", bin.resolve("jcmd").toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(env);
        Process run = builder.start();
        boolean finished = run.waitFor(minutes, TimeUnit.MINUTES);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(logFile);
        System.out.print(output);
        assertTrue(finished, command[0] + " did not finish within " + minutes + " minutes");
        assertEquals(0, run.exitValue(), command[0] + " exit status (see " + logFile + ")");
        return output;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
