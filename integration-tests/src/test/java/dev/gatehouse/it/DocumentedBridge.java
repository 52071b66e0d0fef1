package dev.gatehouse.it;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The files of {@code docs/bridge/} that docs/bridge.md quotes: the systemd unit's {@code ExecStart} and the
 * Containerfile's {@code ENTRYPOINT} + {@code CMD} as command lines, each word the page shows replaced only where
 * the test machine differs (paths, ports), so the test runs what an admin copies.
 */
final class DocumentedBridge {
    private DocumentedBridge() {
    }

    static Path dir() {
        return Path.of(System.getProperty("gatehouse.docs", "../docs")).toAbsolutePath().normalize().resolve("bridge");
    }

    static String text(String file) throws IOException {
        return Files.readString(dir().resolve(file), StandardCharsets.UTF_8);
    }

    /** The unit's {@code ExecStart} words, each replaced by {@code replace} where it names one. */
    static List<String> execStart(String unit, Map<String, String> replace) throws IOException {
        String line = text(unit).lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        return substitute(Arrays.asList(line.substring("ExecStart=".length()).split(" ")), replace);
    }

    /** The Containerfile's {@code ENTRYPOINT} followed by its {@code CMD} (both in exec form). */
    static List<String> containerCommand(Map<String, String> replace) throws IOException {
        List<String> words = new ArrayList<>();
        for (String instruction : List.of("ENTRYPOINT ", "CMD ")) {
            String json = text("Containerfile").lines().filter(l -> l.startsWith(instruction)).findFirst().orElseThrow()
                    .substring(instruction.length());
            words.addAll(AdminApi.JSON.readValue(json, new TypeReference<List<String>>() { }));
        }
        return substitute(words, replace);
    }

    private static List<String> substitute(List<String> words, Map<String, String> replace) {
        return words.stream().map(w -> {
            String out = w;
            for (Map.Entry<String, String> e : replace.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            return out;
        }).toList();
    }

    /** Runs {@code docs/bridge/name} with bash {@code -e} and the given environment, bounded; its output. */
    static String run(String name, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", dir().resolve(name).toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(name + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
