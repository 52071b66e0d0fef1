package dev.gatehouse.bench;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Path log = Path.of("target", "run-all-smoke.log").toAbsolutePath();
        Files.createDirectories(out);
        ProcessBuilder builder = new ProcessBuilder("bash", "run-all", "--smoke")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        builder.environment().put("OUT", out.toString());
        builder.environment().remove("JAVA_OPTS");
        Process run = builder.start();
        // six smoke runs of a few seconds each; the script bounds each run, this bounds the whole
        boolean finished = run.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertTrue(finished, "run-all --smoke did not finish");
        assertEquals(0, run.exitValue(), "run-all --smoke exit status (1: a run failed, see " + log + ")");
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
}
