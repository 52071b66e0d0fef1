package dev.gatehouse.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar gatehouse.jar bridge ... -- COMMAND...} as a separate process, its URL read from the line it
 * prints at start; the command line comes from docs/bridge/ ({@link DocumentedBridge}).
 */
final class BridgeProcess implements AutoCloseable {
    private static final Pattern URL_LINE = Pattern.compile("Gatehouse stdio bridge: (http://\\S+/mcp)");

    private final ChildProcess process;
    private final String url;

    private BridgeProcess(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    static BridgeProcess start(List<String> command, Path workDir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().putAll(env);
        ChildProcess process = ChildProcess.start("the bridge", pb, line -> URL_LINE.matcher(line).find());
        Matcher m = URL_LINE.matcher(process.readyLine());
        m.find();
        return new BridgeProcess(process, m.group(1));
    }

    String url() {
        return url;
    }

    /** What the bridge printed and logged so far (its children's stderr included, under their prefix). */
    List<String> output() {
        return process.output();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
