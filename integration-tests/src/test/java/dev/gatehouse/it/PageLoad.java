package dev.gatehouse.it;

import dev.gatehouse.browser.ConsoleBrowser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How long a console page takes to load in the browser, from Navigation Timing: DOM content loaded,
 * the load event, and "ready" (the console's performance mark once the view shows its data from the
 * API). Each figure is the median of three full loads after one warm-up, in milliseconds.
 */
record PageLoad(double domContentLoaded, double load, double ready) {
    private static final int RUNS = 3;

    static PageLoad measure(ConsoleBrowser browser, String route, String section) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i <= RUNS; i++) {
            browser.load(route);
            browser.waitReady(section);
            Map<String, Object> timing = browser.pageTiming(section);
            if (i > 0) {
                runs.add(timing);
            }
        }
        return new PageLoad(median(runs, "domContentLoaded"), median(runs, "load"), median(runs, "ready"));
    }

    /** The login page has no data to wait for: its "ready" is the load event. */
    static PageLoad measureLogin(ConsoleBrowser browser) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i <= RUNS; i++) {
            browser.driver().get("about:blank");
            browser.driver().get(browser.consoleUrl() + "login.html");
            Map<String, Object> timing = browser.pageTiming("none");
            if (i > 0) {
                runs.add(timing);
            }
        }
        double load = median(runs, "load");
        return new PageLoad(median(runs, "domContentLoaded"), load, load);
    }

    private static double median(List<Map<String, Object>> runs, String key) {
        Function<Map<String, Object>, Double> value = m -> m.get(key) instanceof Number n ? n.doubleValue() : -1.0;
        List<Double> sorted = runs.stream().map(value).sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-34s %18s %10s %10s", "page", "DOMContentLoaded", "load", "ready");
    }

    String line(String page) {
        return String.format(Locale.ROOT, "%-34s %15.0f ms %7.0f ms %7.0f ms", page, domContentLoaded, load, ready);
    }

    /** Prints the table and keeps it in {@code gatehouse.page-load-report} (target/page-load-times.txt). */
    static void write(List<String> lines) throws IOException {
        String text = String.join("\n", lines) + "\n";
        System.out.println("Admin console page load times (headless Chromium, median of " + RUNS + "):\n" + text);
        Path file = Path.of(System.getProperty("gatehouse.page-load-report", "target/page-load-times.txt"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
