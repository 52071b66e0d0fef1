package dev.gatehouse.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The admin console in a real headless Chromium: Debian's {@code chromium} driven through its own
 * {@code chromedriver} (both paths given, so Selenium downloads nothing), a fresh profile per browser.
 * A missing browser fails the test with the command that installs it; it never skips. Shared by the
 * launcher's browser tests ({@code integration-tests}) and the application-server tests ({@code server-tests}).
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * How often a wait looks again. Selenium's default, half a second, made every wait for something not yet on
     * screen (a page becoming ready takes a quarter of one) last at least that long: a few hundred such waits per
     * browser test class. Each look is one short round trip to the browser.
     */
    static final Duration POLL = Duration.ofMillis(50);
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,900");

    private final ChromeDriver driver;
    private final Path profile;
    private final String console;

    private ConsoleBrowser(ChromeDriver driver, Path profile, String console) {
        this.driver = driver;
        this.profile = profile;
        this.console = console;
    }

    /** A browser for the console at {@code baseUrl + /gatehouse-admin/}. */
    public static ConsoleBrowser open(String baseUrl) throws IOException {
        return open(baseUrl, "/gatehouse-admin");
    }

    /** A browser for the console deployed at {@code adminContext} (such as {@code /gatehouse-admin}). */
    public static ConsoleBrowser open(String baseUrl, String adminContext) throws IOException {
        Path chromium = Path.of(System.getProperty("gatehouse.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("gatehouse.chromedriver", "/usr/bin/chromedriver"));
        for (Path binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("the browser tests need " + binary + ": install it with"
                        + " `apt-get install -y chromium chromium-driver` (set -Dchromium.binary / -Dchromedriver.binary"
                        + " for other locations)");
            }
        }
        Path profile = Files.createTempDirectory("gatehouse-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // the console copies tokens with the Clipboard API; let the test read back what it copied
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions",
                List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        return new ConsoleBrowser(driver, profile, baseUrl + adminContext + "/");
    }

    public WebDriver driver() {
        return driver;
    }

    public String consoleUrl() {
        return console;
    }

    /** Opens a page of the console from scratch (a full navigation, not a hash change). */
    public void load(String hashRoute) {
        driver.get("about:blank");
        driver.get(console + hashRoute);
    }

    public void signIn(String user, String password) {
        load("");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        type(By.id("j_username"), user);
        type(By.id("j_password"), password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    /** Waits until the console says a page of {@code section} shows its data. */
    public void waitReady(String section) {
        waitFor(d -> section.equals(script("return document.body.dataset.ready || null")));
    }

    /**
     * Waits until {@code condition} holds. A page redraws itself (after a save, on a refresh), so an element a
     * condition found may be replaced before it is read: that only means "not yet", and the condition is
     * evaluated again on the redrawn page (a stale element, like a missing one, never fails the wait by itself).
     */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, POLL).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public WebElement find(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void click(By by) {
        waitFor(ExpectedConditions.elementToBeClickable(by)).click();
    }

    public void type(By by, String text) {
        WebElement field = find(by);
        field.clear();
        field.sendKeys(text);
    }

    /** A button (or link styled as one) by its visible text, optionally inside {@code scope}. */
    public static By button(String text) {
        return By.xpath("//*[self::button or self::a][normalize-space()='" + text + "']");
    }

    public static By inDialog(String text) {
        return By.xpath("//dialog[@open]//*[self::button or self::a][normalize-space()='" + text + "']");
    }

    /**
     * Runs {@code action} (a click on a link that opens a new tab), waits for the tab and switches to it; the
     * handle of the tab it came from, for {@link #closeTabAndReturn}.
     */
    public String followIntoNewTab(Runnable action) {
        String from = driver.getWindowHandle();
        java.util.Set<String> before = driver.getWindowHandles();
        action.run();
        String opened = waitFor(d -> d.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElse(null));
        driver.switchTo().window(opened);
        return from;
    }

    /** Closes the current tab and goes back to {@code tab}. */
    public void closeTabAndReturn(String tab) {
        driver.close();
        driver.switchTo().window(tab);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** A script that ends by calling its last argument with its result (Selenium's asynchronous script). */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** What the page last copied. */
    public String clipboard() {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
    }

    /** Saves a PNG of the window into {@code gatehouse.screenshots} (target/screenshots; docs/images when refreshing the docs). */
    public void screenshot(String name) throws IOException {
        Path folder = Path.of(System.getProperty("gatehouse.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Navigation Timing of the current page once it has loaded: DOM content loaded, load event, and the
     * console's own mark for "the view shows its data" (all milliseconds since navigation start).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> pageTiming(String section) {
        waitFor(d -> Boolean.TRUE.equals(script("const n = performance.getEntriesByType('navigation')[0];"
                + " return !!n && n.loadEventEnd > 0;")));
        return (Map<String, Object>) script("const n = performance.getEntriesByType('navigation')[0];"
                + " const ready = performance.getEntriesByName('gatehouse:ready:' + arguments[0])[0];"
                + " return {domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                + " ready: ready ? ready.startTime : null, transferBytes: n.transferSize,"
                + " resources: performance.getEntriesByType('resource').length};", section);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
