package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.it.ConsoleBrowser.button;
import static dev.gatehouse.it.ConsoleBrowser.inDialog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in headless Chromium against the packaged launcher, as an admin uses it: sign in,
 * add a token-based host, connect it to the demo gateway, copy the token, call a tool with it, find the
 * call in Logs with its attribution, switch the connection off and on, delete it. Then a forged
 * cross-site POST, a server's connection test and its tools previewed on the gateway's allow-list, a user with
 * fewer capabilities, and a screenshot and load time of every page.
 * The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String AUDITOR_PASSWORD = "auditor-Pa55word";
    private static final String MESSAGE = "hello from the console test";

    @TempDir
    static Path data;
    private LauncherProcess launcher;
    private AdminApi admin;
    private ConsoleBrowser browser;
    private final McpHttp mcp = new McpHttp();
    private String hostId;
    private String token;

    @BeforeAll
    void start() throws Exception {
        // a second console user, defined the way the admin guide says: a line in admin-users.properties
        Files.writeString(data.resolve("admin-users.properties"), "auditor=" + AdminPasswords.hash(AUDITOR_PASSWORD)
                + ",gatehouse-auditor\n", StandardCharsets.UTF_8);
        launcher = LauncherProcess.start(data);
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        browser = ConsoleBrowser.open(launcher.baseUrl());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (launcher != null) {
                launcher.close();
            }
        }
    }

    @Test
    @Order(1)
    void signInWhenAdminThenAppsAndAgents() throws Exception {
        browser.load("");
        browser.find(By.id("j_username"));
        browser.screenshot("console-login");

        browser.signIn("admin", LauncherProcess.ADMIN_PASSWORD);

        browser.waitReady("hosts");
        assertEquals("admin", browser.find(By.id("who")).getText());
        browser.find(By.xpath("//h3[normalize-space()='No apps or agents yet']"));
    }

    @Test
    @Order(2)
    void addTokenHostWhenNamedThenItsPageOpens() throws Exception {
        browser.click(By.cssSelector(".page-head .button.primary"));
        browser.type(By.cssSelector("dialog[open] input[name=name]"), "Release bot");
        browser.type(By.cssSelector("dialog[open] textarea[name=description]"), "Publishes releases from CI");
        browser.screenshot("console-add-host");

        browser.click(inDialog("Add host"));

        browser.waitFor(ExpectedConditions.textToBe(By.cssSelector(".page-head h1"), "Release bot"));
        browser.waitReady("hosts");
        hostId = browser.driver().getCurrentUrl().replaceAll(".*#/hosts/", "");
        assertEquals("Release bot", admin.expect(200, "GET", "/hosts/" + hostId, null).get("name").asText());
    }

    @Test
    @Order(3)
    void addConnectionWhenGatewayPickedThenTokenShownOnceAndCopied() throws Exception {
        browser.click(button("Add a connection"));
        new Select(browser.find(By.cssSelector("dialog[open] select[name=gateway]"))).selectByValue("quickstart");
        browser.click(inDialog("Connect and issue token"));

        token = browser.find(By.id("issued-token")).getAttribute("value");
        assertTrue(token.matches("gth_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}"), token);
        browser.click(By.id("copy-token"));
        browser.waitFor(ExpectedConditions.textToBe(By.id("copy-token"), "Copied"));
        assertEquals(token, browser.clipboard());
        browser.click(By.xpath("//dialog[@open]//button[@role='tab'][normalize-space()='Claude Code']"));
        String snippet = browser.find(By.cssSelector("dialog[open] [role=tabpanel] pre")).getText();
        assertEquals("claude mcp add --transport http gatehouse-quickstart " + launcher.mcpUrl("quickstart")
                + " --header \"Authorization: Bearer " + token + "\"", snippet);
        browser.screenshot("console-token");

        browser.click(inDialog("Done"));
        browser.find(By.xpath("//td//span[contains(@class,'badge')][normalize-space()='Active']"));
    }

    @Test
    @Order(4)
    void callToolWhenCopiedTokenUsedThenAnswered() throws Exception {
        HttpResponse<String> reply = callEcho();

        assertEquals(200, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains(MESSAGE), reply.body());
    }

    @Test
    @Order(5)
    void logsWhenFilteredByToolThenTheCallIsThereWithItsAttribution() throws Exception {
        browser.click(By.cssSelector("#nav a[data-section=logs]"));
        browser.waitReady("logs");
        browser.type(By.cssSelector("form.filters input[name=tool]"), "echo");
        new Select(browser.find(By.cssSelector("form.filters select[name=kind]"))).selectByValue("call_completed");
        browser.click(button("Apply filters"));

        browser.click(By.xpath("//tbody/tr[contains(@class,'selectable')][.//code[normalize-space()='echo']]"));

        String detail = browser.find(By.cssSelector("aside.detail")).getText();
        for (String expected : List.of("Call completed", "success", "Release bot", "Token generated by\nadmin",
                "Gateway\nquickstart", "Tool\necho", "Method\ntools/call", "gth_" + token.substring(4, 12) + "_…",
                "Upstream leg", "gatehouse-it/1.0")) {
            assertTrue(detail.contains(expected), () -> expected + " in:\n" + detail);
        }
        browser.screenshot("console-logs");
    }

    @Test
    @Order(6)
    void disableConnectionWhenSwitchedOffThenRefusedAndBackWhenSwitchedOn() throws Exception {
        openHost();
        browser.click(button("Disable"));
        browser.find(By.xpath("//td//span[contains(@class,'badge')][normalize-space()='Disabled']"));

        assertEquals(401, callEcho().statusCode());
        browser.screenshot("console-host-disabled-connection");

        browser.click(button("Enable"));
        browser.find(By.xpath("//td//span[contains(@class,'badge')][normalize-space()='Active']"));
        assertEquals(200, callEcho().statusCode());
    }

    @Test
    @Order(7)
    void deleteConnectionWhenConfirmedThenTheNextCallIsRefused() throws Exception {
        browser.click(button("Delete"));
        browser.click(inDialog("Delete connection"));

        browser.find(By.xpath("//h3[normalize-space()='No connections yet']"));
        assertEquals(401, callEcho().statusCode());
        assertEquals(0, admin.expect(200, "GET", "/hosts/" + hostId + "/connections", null).size());
    }

    @Test
    @Order(8)
    void forgedCrossSitePostWhenAdminSignedInThenRefusedAndNothingChanged() throws Exception {
        JsonNode connection = admin.connect(hostId, "quickstart");
        String id = connection.get("id").asText();
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // another origin (127.0.0.1 on another port) whose page makes the admin's browser post to the console's API
        byte[] page = ("<!doctype html><form method=post action=\"" + launcher.baseUrl()
                + "/gatehouse-admin/api/connections/" + id + "/disable\"></form>"
                + "<script>document.forms[0].submit()</script>").getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        evil.start();
        try {
            browser.driver().get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            browser.waitFor(d -> d.getCurrentUrl().contains("/disable"));
            String shown = browser.find(By.tagName("body")).getText();
            assertTrue(shown.contains("\"status\":403") || shown.contains("\"status\":401"), shown);
        } finally {
            evil.stop(0);
        }
        JsonNode after = admin.expect(200, "GET", "/connections/" + id, null);
        assertEquals("active", after.get("status").asText());
        assertTrue(callWith(connection.get("token").asText()).statusCode() == 200);
    }

    @Test
    @Order(9)
    void serverPageWhenConnectionTestedThenItsToolsAndTheGatewayAllowListPreviewsThem() throws Exception {
        browser.load("#/servers/demo");
        browser.waitReady("servers");
        browser.click(By.id("test-connection"));

        browser.find(By.xpath("//div[@id='server-tools']//td//code[normalize-space()='echo']"));
        browser.find(By.xpath("//span[contains(@class,'badge')][normalize-space()='Reachable']"));
        browser.screenshot("console-server");

        browser.load("#/gateways/quickstart");
        browser.waitReady("gateways");
        browser.click(By.xpath("//button[starts-with(@aria-label,'Edit how')]"));
        new Select(browser.find(By.cssSelector("dialog[open] select[name=tools-mode]"))).selectByValue("selected");
        browser.click(By.cssSelector("dialog[open] input[name=tool-preview][value=echo]"));
        browser.waitFor(d -> "echo".equals(d.findElement(By.cssSelector("dialog[open] textarea[name=tools-allow]"))
                .getAttribute("value")));
        browser.screenshot("console-gateway-allow-list");
        browser.click(inDialog("Cancel"));
    }

    @Test
    @Order(10)
    void everyPageWhenLoadedThenScreenshotAndLoadTimeRecorded() throws Exception {
        JsonNode connection = admin.connect(hostId, "quickstart");
        admin.expect(200, "POST", "/connections/" + connection.get("id").asText() + "/rotate", "{\"gracePeriodSeconds\":3600}");
        Map<String, String[]> pages = new LinkedHashMap<>();
        pages.put("console-apps-and-agents", new String[]{"#/hosts", "hosts"});
        pages.put("console-host", new String[]{"#/hosts/" + hostId, "hosts"});
        pages.put("console-gateways", new String[]{"#/gateways", "gateways"});
        pages.put("console-gateway", new String[]{"#/gateways/quickstart", "gateways"});
        pages.put("console-servers", new String[]{"#/servers", "servers"});
        pages.put("console-server", new String[]{"#/servers/demo", "servers"});
        pages.put("console-logs-all", new String[]{"#/logs", "logs"});
        pages.put("console-break-glass", new String[]{"#/break-glass", "break-glass"});
        pages.put("console-settings", new String[]{"#/settings", "settings"});
        List<String> report = new ArrayList<>();
        report.add(PageLoad.header());
        for (Map.Entry<String, String[]> p : pages.entrySet()) {
            PageLoad load = PageLoad.measure(browser, p.getValue()[0], p.getValue()[1]);
            report.add(load.line(p.getKey()));
            assertTrue(load.ready() > 0 && load.ready() < 10_000, p.getKey() + ": " + load);
            if (!p.getKey().equals("console-logs-all") && !p.getKey().equals("console-server")) { // tested above
                browser.screenshot(p.getKey());
            }
        }
        report.add(PageLoad.measureLogin(browser).line("console-login"));
        PageLoad.write(report);
    }

    @Test
    @Order(11)
    void auditorWhenSignedInThenTheConsoleHidesWhatTheyCannotDo() {
        browser.load("");
        browser.waitReady("hosts");
        browser.click(By.id("sign-out"));
        browser.find(By.id("j_username"));
        browser.signIn("auditor", AUDITOR_PASSWORD);
        browser.waitReady("hosts");

        assertTrue(browser.driver().findElements(By.xpath("//button[normalize-space()='Add API access token-based host']")).isEmpty());
        assertTrue(browser.find(By.cssSelector("#nav a[data-section=logs]")).isDisplayed());
        assertTrue(browser.driver().findElements(By.cssSelector("#nav a[data-section=break-glass]")).stream().noneMatch(e -> e.isDisplayed()));
        assertTrue(browser.driver().findElements(By.cssSelector("#nav a[data-section=settings]")).stream().noneMatch(e -> e.isDisplayed()));
        openHost();
        browser.find(By.xpath("//button[@role='tab'][normalize-space()='Logs']"));
        for (String hidden : List.of("Disable", "Rotate", "Delete", "Disable host", "Delete host", "Add a connection")) {
            assertTrue(browser.driver().findElements(button(hidden)).isEmpty(), hidden);
        }
    }

    private void openHost() {
        browser.load("#/hosts/" + hostId);
        browser.waitReady("hosts");
    }

    private HttpResponse<String> callEcho() throws Exception {
        return callWith(token);
    }

    private HttpResponse<String> callWith(String bearer) throws Exception {
        return mcp.post(launcher.mcpUrl("quickstart"), bearer, "application/json",
                McpHttp.toolsCall(7, "echo", "{\"message\":\"" + MESSAGE + "\"}"));
    }
}
