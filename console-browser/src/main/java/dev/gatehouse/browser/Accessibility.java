package dev.gatehouse.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * axe-core (Deque's accessibility engine) run on the page the browser shows. The engine is the npm package
 * the build installed ({@code axe-core/axe.min.js} under a {@code node_modules} folder), injected into the
 * page: nothing is fetched at run time, and a missing engine fails the test. Besides axe's default rules it
 * runs {@code label-content-name-mismatch} (WCAG 2.5.3: a control's accessible name contains its visible
 * text), which axe keeps among its experimental rules.
 */
public final class Accessibility {
    /** The impacts a page may not have; and heading order, which axe calls moderate but a screen reader user meets on every page. */
    private static final Set<String> REFUSED_IMPACTS = Set.of("serious", "critical");
    private static final Set<String> REFUSED_RULES = Set.of("heading-order");
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { rules: { 'label-content-name-mismatch': { enabled: true } } })
              .then(result => done(result.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }))))
              .catch(error => done([{ id: 'axe-error', impact: 'critical', help: String(error), nodes: [] }]));
            """;

    private final String engine;

    private Accessibility(String engine) {
        this.engine = engine;
    }

    /** The engine from {@code nodeModules/axe-core/axe.min.js}. */
    public static Accessibility from(Path nodeModules) throws IOException {
        Path script = nodeModules.resolve("axe-core").resolve("axe.min.js");
        if (!Files.isReadable(script)) {
            throw new AssertionError("the accessibility checks need " + script + ": the build installs it from npm"
                    + " (axe-core in integration-tests/node/package.json)");
        }
        return new Accessibility(Files.readString(script, StandardCharsets.UTF_8));
    }

    /** One rule axe found broken, with up to five of the elements that break it. */
    public record Violation(String rule, String impact, String help, List<String> nodes) {
        @Override
        public String toString() {
            return rule + " (" + impact + "): " + help + "\n    " + String.join("\n    ", nodes);
        }
    }

    /** Every violation axe finds on the page as it is now (dialogs open included). */
    @SuppressWarnings("unchecked")
    public List<Violation> scan(ConsoleBrowser browser) {
        browser.script(engine + ";return true;");
        List<Map<String, Object>> found = (List<Map<String, Object>>) browser.asyncScript(RUN);
        return found.stream().map(v -> new Violation((String) v.get("id"), (String) v.get("impact"), (String) v.get("help"),
                ((List<Object>) v.get("nodes")).stream().map(String::valueOf).toList())).toList();
    }

    /** Fails when the page has a serious or critical violation, or headings that skip a level. */
    public void assertNoSeriousViolation(ConsoleBrowser browser, String page) {
        List<Violation> refused = scan(browser).stream()
                .filter(v -> REFUSED_IMPACTS.contains(v.impact()) || REFUSED_RULES.contains(v.rule())).toList();
        if (!refused.isEmpty()) {
            throw new AssertionError("axe on " + page + ":\n  " + refused.stream().map(Violation::toString)
                    .collect(Collectors.joining("\n  ")));
        }
    }
}
