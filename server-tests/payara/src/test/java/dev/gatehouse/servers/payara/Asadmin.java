package dev.gatehouse.servers.payara;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code asadmin} against the module's running domain ({@code payara.home}, {@code payara.admin.port}), bounded. */
final class Asadmin {
    private static final Duration LIMIT = Duration.ofMinutes(10);

    /** What one command printed, and whether it succeeded. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Asadmin() {
    }

    /** Runs one command; what it printed. A command that fails fails the test, saying what it printed. */
    static String run(String... arguments) throws Exception {
        Result r = attempt(arguments);
        if (!r.succeeded()) {
            throw new AssertionError("asadmin " + String.join(" ", arguments) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    /** Runs one command that may fail (a clean-up of what may not be there). */
    static Result attempt(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("payara.home"), "bin", "asadmin").toString(),
                "--port", System.getProperty("payara.admin.port")));
        command.addAll(List.of(arguments));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("AS_JAVA", System.getProperty("java.home"));
        Path output = Files.createTempFile("gatehouse-asadmin-", ".log");
        try {
            Process p = b.redirectOutput(output.toFile()).start();
            if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("asadmin " + String.join(" ", arguments) + " did not finish: " + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
