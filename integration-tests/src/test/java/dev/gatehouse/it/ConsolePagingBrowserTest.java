package dev.gatehouse.it;

import dev.gatehouse.browser.Accessibility;
import dev.gatehouse.browser.ConsoleBrowser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's Logs through 5,000 audit records (2,500 real tool calls through the launcher's gateway, each a
 * started and a completed record) in headless Chromium: the records and the calls views walk page after page by
 * cursor, jump to the last page and back to the first, keep the page in the URL (reload, Back and Forward show
 * it again), narrow by a filter, hold one page in the page at a time and answer each turn quickly; axe finds no
 * serious or critical violation on either view. At 1024 px no page scrolls sideways, and a table wider than its card
 * scrolls inside it as a region the keyboard reaches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagingBrowserTest {
    private static final int CALLS = 2_500;
    /** Calls made by the second host, the ones the filter finds. */
    private static final int OTHER_CALLS = 100;
    private static final int RECORDS = 2 * CALLS;
    /** A page turn this slow would not feel like paging (measured: see the printed times). */
    private static final long TURN_BUDGET_MS = 5_000;

    @TempDir
    static Path data;
    private LauncherProcess launcher;
    private ConsoleBrowser browser;
    private Accessibility axe;
    private final List<Long> turns = new ArrayList<>();
    /** The record ids of each page of the first walk, newest first. */
    private final List<List<String>> walked = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        launcher = LauncherProcess.start(data);
        AdminApi admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        String paging = admin.connect(admin.createTokenHost("Paging bot").get("id").asText(), "quickstart").get("token").asText();
        String other = admin.connect(admin.createTokenHost("Other bot").get("id").asText(), "quickstart").get("token").asText();
        long started = System.nanoTime();
        call(paging, CALLS - OTHER_CALLS);
        call(other, OTHER_CALLS);
        System.out.printf("paging: %d tool calls made in %d ms%n", CALLS, (System.nanoTime() - started) / 1_000_000);
        browser = ConsoleBrowser.open(launcher.baseUrl());
        axe = Accessibility.from(Path.of(System.getProperty("gatehouse.node.harness"), "node_modules"));
        browser.signIn("admin", LauncherProcess.ADMIN_PASSWORD);
        browser.waitReady("dashboard");
    }

    /** {@code count} echo calls with {@code token}, four at a time, each answered 200. */
    private void call(String token, int count) throws Exception {
        McpHttp mcp = new McpHttp();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = McpHttp.toolsCall(i, "echo", "{\"message\":\"page call " + i + "\"}");
                replies.add(pool.submit(() -> mcp.post(launcher.mcpUrl("quickstart"), token, "application/json", body)));
            }
            for (Future<HttpResponse<String>> reply : replies) {
                HttpResponse<String> r = reply.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r::body);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    void stop() throws Exception {
        System.out.println("paging: page turns (click to rows drawn) in ms: " + turns);
        try (LauncherProcess closedLast = launcher; ConsoleBrowser closedFirst = browser) {
            // both closed, the browser first, even when one was never opened (null) or the other fails to close
        }
    }

    @Test
    @Order(1)
    void recordsWhenWalkedPageByPageThenEach5000RecordOnceAndOnlyOnePageLoaded() throws Exception {
        browser.load("#/logs?view=records&tool=echo&limit=500");
        browser.waitReady("logs");
        assertTrue(disabled("records-first") && disabled("records-newer"), "the first page has nothing before it");

        Set<String> seen = new HashSet<>();
        List<String> pageUrls = new ArrayList<>();
        List<String> page = records();
        for (int i = 1; ; i++) {
            assertEquals(500, page.size(), "rows of page " + i);
            page.forEach(id -> assertTrue(seen.add(id), "record " + id + " shown twice"));
            walked.add(page);
            pageUrls.add(browser.driver().getCurrentUrl());
            if (disabled("records-older")) {
                break;
            }
            page = turn("records-older", page);
        }
        assertEquals(RECORDS, seen.size(), "every record of the filter, once");
        assertEquals(RECORDS / 500, walked.size());
        assertTrue(pageUrls.get(3).contains("after="), pageUrls.get(3));
        assertTrue(disabled("records-last"), "the last page is where the walk ended");
        browser.screenshot("console-logs-records-paged");

        // only the page shown was asked for: every logs request of the walk was one page (500 rows and the one more)
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) browser.script("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.includes('/api/logs?'))");
        assertEquals(RECORDS / 500, asked.size(), asked::toString);
        assertTrue(asked.stream().allMatch(u -> u.contains("limit=501")), asked::toString);

        // the page is in the URL: Back and Forward step through the pages, a reload shows the same page
        int lastIndex = walked.size() - 1;
        browser.driver().navigate().back();
        browser.waitFor(d -> d.getCurrentUrl().equals(pageUrls.get(lastIndex - 1)));
        browser.waitFor(d -> records().equals(walked.get(lastIndex - 1)));
        browser.driver().navigate().forward();
        browser.waitFor(d -> d.getCurrentUrl().equals(pageUrls.get(lastIndex)));
        browser.waitFor(d -> records().equals(walked.get(lastIndex)));
        assertEquals(walked.get(3), reload(pageUrls.get(3)));
    }

    @Test
    @Order(2)
    void recordsWhenLastThenPreviousThenFirstThenTheOldestTheirNeighboursAndTheNewest() throws Exception {
        browser.load("#/logs?view=records&tool=echo&limit=500");
        browser.waitReady("logs");
        List<String> first = records();

        List<String> last = turn("records-last", first);
        assertTrue(browser.driver().getCurrentUrl().contains("page=last"), browser.driver().getCurrentUrl());
        assertEquals(walked.get(walked.size() - 1), last, "the oldest 500, as the walk ended");
        assertTrue(disabled("records-older") && disabled("records-last"));
        // the oldest record of all: a call's start
        assertTrue(rowTexts().get(last.size() - 1).contains("Call started"), rowTexts().get(last.size() - 1));

        List<String> previous = turn("records-newer", last);
        assertEquals(walked.get(walked.size() - 2), previous, "the page just before the last one");
        assertTrue(browser.driver().getCurrentUrl().contains("before="), browser.driver().getCurrentUrl());

        // by keyboard: the pager's First button, Enter
        WebElement firstButton = browser.find(By.id("records-first"));
        firstButton.sendKeys(Keys.ENTER);
        browser.waitFor(d -> records().equals(first));
        assertFalse(browser.driver().getCurrentUrl().contains("before="), browser.driver().getCurrentUrl());
        assertEquals("records-older", browser.driver().switchTo().activeElement().getAttribute("id"),
                "focus stays on the pager when the button pressed is no longer there to press");
    }

    @Test
    @Order(3)
    void recordsWhenFilteredThenThePagesHoldOnlyTheMatchesAndAxeFindsNothingSerious() throws Exception {
        browser.load("#/logs?view=records&tool=echo&limit=100");
        browser.waitReady("logs");
        browser.type(By.cssSelector("form.filters input[name=host]"), "Other bot");
        browser.click(By.xpath("//button[normalize-space()='Apply filters']"));
        browser.waitFor(d -> d.getCurrentUrl().contains("host=Other"));
        browser.waitFor(d -> records().size() == 100 && rowTexts().stream().allMatch(r -> r.contains("Other bot")));
        List<String> firstPage = records();
        List<String> second = turn("records-older", firstPage);
        assertEquals(2 * OTHER_CALLS - 100, second.size());
        assertTrue(rowTexts().stream().allMatch(r -> r.contains("Other bot")), rowTexts()::toString);
        assertTrue(disabled("records-older"), "200 records of Other bot: two pages of 100");
        axe.assertNoSeriousViolation(browser, "the records view, paged and filtered");
    }

    @Test
    @Order(4)
    void callsWhenPagedToTheLastAndBackAndFilteredThenEveryCallOnceInItsPlace() throws Exception {
        browser.load("#/logs?limit=500");
        browser.waitReady("logs");
        Set<String> seen = new HashSet<>(calls());
        List<String> page = calls();
        while (!disabled("calls-older")) {
            page = turn("calls-older", page);
            page.forEach(c -> assertTrue(seen.add(c), "call " + c + " shown twice"));
        }
        assertEquals(CALLS, seen.size(), "every call once");

        List<String> first = turn("calls-first", page);
        List<String> last = turn("calls-last", first);
        assertEquals(page, last, "the last page, reached at once, is the one the walk ended on");
        assertTrue(browser.driver().getCurrentUrl().contains("page=last"));
        assertEquals(last, reload(browser.driver().getCurrentUrl()));

        browser.type(By.id("calls-q"), "Other bot");
        browser.click(By.xpath("//button[normalize-space()='Search']"));
        browser.waitFor(d -> d.getCurrentUrl().contains("q=Other") && !d.getCurrentUrl().contains("page=last"));
        browser.waitFor(d -> calls().size() == OTHER_CALLS && rowTexts().stream().allMatch(r -> r.contains("Other bot")));
        assertTrue(disabled("calls-older") && disabled("calls-last"), "100 calls: one page of 500");
        axe.assertNoSeriousViolation(browser, "the calls view, paged and searched");
        browser.screenshot("console-logs-calls-paged");
        turns.forEach(ms -> assertTrue(ms < TURN_BUDGET_MS, () -> "a page turn took " + ms + " ms: " + turns));
    }

    @Test
    @Order(5)
    void everyPageWhenAt1024PixelsThenNothingSpillsSidewaysAndWhatScrollsIsReachedByKeyboard() throws Exception {
        List<String> routes = List.of("#/dashboard", "#/hosts", "#/gateways", "#/gateways/quickstart", "#/servers",
                "#/servers/demo", "#/logs", "#/logs?view=records", "#/usage", "#/rules/quickstart", "#/limits", "#/quarantine",
                "#/approvals", "#/connected-apps", "#/break-glass", "#/users", "#/settings");
        List<String> spilled = new ArrayList<>();
        List<String> scrolling = new ArrayList<>();
        try {
            browser.driver().manage().window().setSize(new Dimension(1024, 768));
            for (String route : routes) {
                browser.load(route);
                browser.waitFor(d -> browser.script("return document.body.dataset.ready || null") != null);
                // the page itself never scrolls sideways: a wide table scrolls inside its own card
                long overflow = ((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth"))
                        .longValue();
                if (overflow > 0) {
                    spilled.add(route + ": " + overflow + " px too wide");
                }
                // a table that scrolls inside its card is a named region the keyboard reaches (axe: scrollable-region-focusable);
                // axe runs on those pages (every page's axe at 1280 px is ConsoleBrowserTest's) and on the first, for the
                // sidebar: 768 px is shorter than the navigation
                if ("scrolls".equals(browser.waitFor(d -> browser.script("const wraps = [...document.querySelectorAll('.table-wrap')];"
                        + " return wraps.every(w => (w.scrollWidth > w.clientWidth) === (w.getAttribute('role') === 'region'))"
                        + " ? (wraps.some(w => w.tabIndex === 0) ? 'scrolls' : 'fits') : null")))) {
                    scrolling.add(route);
                    axe.assertNoSeriousViolation(browser, route + " at 1024 px");
                } else if (route.equals(routes.get(0))) {
                    axe.assertNoSeriousViolation(browser, route + " at 1024 x 768 px");
                }
            }
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1280, 900));
        }
        System.out.println("paging: at 1024 px these pages hold a table scrolling sideways in its card: " + scrolling);
        assertEquals(List.of(), spilled);
    }

    /** Clicks a pager button and waits until the rows change; the time from click to rows drawn is kept. */
    private List<String> turn(String button, List<String> before) {
        long started = System.nanoTime();
        browser.click(By.id(button));
        List<String> after = browser.waitFor(d -> {
            List<String> now = button.startsWith("records") ? records() : calls();
            return !now.isEmpty() && !now.equals(before) ? now : null;
        });
        turns.add((System.nanoTime() - started) / 1_000_000);
        return after;
    }

    /** Opens {@code url} from scratch and returns the rows it shows. */
    private List<String> reload(String url) {
        browser.load(url.substring(url.indexOf('#')));
        browser.waitReady("logs");
        return url.contains("view=records") ? records() : calls();
    }

    private boolean disabled(String id) {
        return !browser.find(By.id(id)).isEnabled();
    }

    private List<String> records() {
        return attribute("data-record");
    }

    private List<String> calls() {
        return attribute("data-correlation");
    }

    @SuppressWarnings("unchecked")
    private List<String> attribute(String name) {
        return (List<String>) browser.script("return [...document.querySelectorAll('main tbody tr[' + arguments[0] + ']')]"
                + ".map(tr => tr.getAttribute(arguments[0]))", name);
    }

    @SuppressWarnings("unchecked")
    private List<String> rowTexts() {
        return (List<String>) browser.script("return [...document.querySelectorAll('main tbody tr')].map(tr => tr.innerText)");
    }
}
