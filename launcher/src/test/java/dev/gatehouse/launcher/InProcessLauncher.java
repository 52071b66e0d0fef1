package dev.gatehouse.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The launcher as {@code java -jar gatehouse.jar --no-demo} starts it, in this process, on a free loopback port. */
final class InProcessLauncher {
    private InProcessLauncher() {
    }

    static Main.Running start(Path data, String adminPassword) throws Exception {
        return Main.start(LauncherOptions.parse(new String[] {"--port", "0", "--host", "127.0.0.1", "--no-demo",
                "--data", data.toString()}, Map.of()), Map.of("GATEHOUSE_ADMIN_PASSWORD", adminPassword),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).orElseThrow();
    }
}
