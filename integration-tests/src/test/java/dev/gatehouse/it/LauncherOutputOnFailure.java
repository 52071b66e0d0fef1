package dev.gatehouse.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.List;

/**
 * When a test fails, prints what every launcher still running said ({@link LauncherProcess#output}), so the
 * node's own account of a failure (a stack trace behind a 500, a refused commit) is in the build log beside
 * the assertion instead of lost with the process. Registered for every test of the module
 * (META-INF/services, junit-platform.properties); prints nothing when no launcher runs.
 */
public final class LauncherOutputOnFailure implements TestWatcher {
    /** The tail printed per node: the failure's neighbourhood, not a whole run. */
    static final int PRINTED_LINES = 600;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (LauncherProcess node : LauncherProcess.running()) {
            List<String> lines = node.output();
            List<String> tail = lines.subList(Math.max(0, lines.size() - PRINTED_LINES), lines.size());
            StringBuilder out = new StringBuilder("---- " + context.getDisplayName() + " failed; the launcher at "
                    + node.baseUrl() + " said (last " + tail.size() + " lines) ----\n");
            tail.forEach(line -> out.append(line).append('\n'));
            out.append("---- end of ").append(node.baseUrl()).append(" ----");
            System.err.println(out);
        }
    }
}
