package dev.gatehouse.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pins down what the SDK's streamable-HTTP servlet puts on the wire, because the gateway proxy
 * relays these bytes and must cope with each shape. Mounted on a non-default endpoint on purpose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoMcpServerWireTest {

  private static final String ACCEPT = "application/json, text/event-stream";
  private static final String INITIALIZE = """
      {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
       "capabilities":{},"clientInfo":{"name":"wire-test","version":"1"}}}""";

  private final HttpClient http = HttpClient.newHttpClient();
  private JettyHarness harness;

  @BeforeAll
  void start() throws Exception {
    harness = new JettyHarness("/upstream/mcp");
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void initializeRepliesWithPlainJsonAndIssuesASessionId() throws Exception {
    HttpResponse<String> r = post(null, ACCEPT, INITIALIZE);
    print("initialize", r);
    assertEquals(200, r.statusCode());
    assertTrue(contentType(r).startsWith("application/json"), contentType(r));
    assertTrue(r.headers().firstValue("Mcp-Session-Id").isPresent());
    assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"), r.body());
    assertTrue(r.body().contains("\"gatehouse-demo\""));
  }

  @Test
  void initializedNotificationIsAcceptedWith202AndNoBody() throws Exception {
    String session = newSession();
    HttpResponse<String> r =
        post(session, ACCEPT, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    print("notifications/initialized", r);
    assertEquals(202, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void toolsCallRepliesAsOneServerSentEventThenEndsTheStream() throws Exception {
    String session = newSession();
    HttpResponse<String> r = post(session, ACCEPT, """
        {"jsonrpc":"2.0","id":2,"method":"tools/call",
         "params":{"name":"echo","arguments":{"message":"over the wire"}}}""");
    print("tools/call echo", r);
    assertEquals(200, r.statusCode());
    assertTrue(contentType(r).startsWith("text/event-stream"), contentType(r));
    assertTrue(r.body().contains("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":"),
        r.body());
    assertTrue(r.body().contains("\"text\":\"over the wire\""));
  }

  @Test
  void progressEventsPrecedeTheResultOnTheSameStream() throws Exception {
    String session = newSession();
    HttpResponse<String> r = post(session, ACCEPT, """
        {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow_count",
         "arguments":{"count":2,"delayMs":10},"_meta":{"progressToken":"tok"}}}""");
    print("tools/call slow_count", r);
    String body = r.body();
    int first = body.indexOf("\"progress\":1.0");
    int second = body.indexOf("\"progress\":2.0");
    int result = body.indexOf("\"text\":\"counted 2\"");
    assertTrue(first > 0 && first < second && second < result, body);
    assertTrue(body.contains("\"method\":\"notifications/progress\""));
  }

  @Test
  void requestWithoutSessionIdIsRejectedWith400() throws Exception {
    HttpResponse<String> r = post(null, ACCEPT, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
    print("tools/list without session", r);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("Session ID required"), r.body());
  }

  @Test
  void requestWithUnknownSessionIdIsRejectedWith404() throws Exception {
    HttpResponse<String> r =
        post("no-such-session", ACCEPT, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
    print("tools/list unknown session", r);
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("Session not found: no-such-session"), r.body());
  }

  @Test
  void deletedSessionAnswers404Afterwards() throws Exception {
    String session = newSession();
    HttpResponse<String> deleted = http.send(request(session, null).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    print("DELETE session", deleted);
    assertEquals(200, deleted.statusCode());
    HttpResponse<String> r = post(session, ACCEPT, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");
    assertEquals(404, r.statusCode());
  }

  @Test
  void acceptWithoutEventStreamIsRejectedWith400() throws Exception {
    HttpResponse<String> r = post(null, "application/json", INITIALIZE);
    print("initialize Accept: application/json only", r);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("text/event-stream required in Accept header"), r.body());
  }

  @Test
  void notifyToolsListChangedArrivesOnTheSessionsListenStream() throws Exception {
    String session = newSession();
    post(session, ACCEPT, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    var listen = http.sendAsync(request(session, "text/event-stream").GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    // the SDK sends no status or headers on its GET until the first message
    for (int i = 0; i < 50 && !listen.isDone(); i++) {
      harness.mcp.notifyToolsListChanged();
      Thread.sleep(100);
    }
    HttpResponse<java.util.stream.Stream<String>> r = listen.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    assertTrue(contentType(r).startsWith("text/event-stream"), contentType(r));
    String lines = r.body().takeWhile(l -> !l.contains("list_changed")).collect(
        java.util.stream.Collectors.joining("\n"));
    System.out.printf("[wire] GET listen stream -> 200, lines before the notification:%n  %s%n", lines);
  }

  private String newSession() throws Exception {
    return post(null, ACCEPT, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  private HttpResponse<String> post(String session, String accept, String json) throws Exception {
    HttpRequest req = request(session, accept).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String session, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.url()))
        .timeout(Duration.ofSeconds(10));
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return b;
  }

  private static String contentType(HttpResponse<?> r) {
    return r.headers().firstValue("Content-Type").orElse("");
  }

  /** Prints the exchange; SDK error bodies carry a serialized stack trace, elided here. */
  private static void print(String what, HttpResponse<String> r) {
    String body = r.body().replaceAll("\"stackTrace\":\\[.*?\\],", "\"stackTrace\":[...],");
    System.out.printf("[wire] %s -> %d Content-Type=%s Mcp-Session-Id=%s%n  %s%n", what,
        r.statusCode(), contentType(r), r.headers().firstValue("Mcp-Session-Id").orElse("-"),
        body.replace("\n", "\n  "));
  }
}
