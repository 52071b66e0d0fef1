package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MCP upstream on its own Jetty that puts a secret ({@code S3CR3T-…}) into every kind of message a server
 * sends, one tool per kind: {@code error_message} (a JSON-RPC error's message), {@code error_data} (its
 * {@code data}), {@code refused} (HTTP 500 with a JSON-RPC error whose message has it), {@code progress} and {@code log} (a progress or logging notification on the call's event
 * stream, then a clean result), {@code elicit} (an {@code elicitation/create} request on the stream, then the
 * result says what came back for it within 10 s), {@code plain} (a clean result); its listen stream (GET)
 * carries a log message and an elicitation request with secrets; an answer to its request {@code x-refuse} is
 * refused with HTTP 500 and a secret in the JSON-RPC error's message. Every POST body it receives is recorded.
 */
final class LeakyUpstream implements AutoCloseable {
    static final String TOOLS = "[\"error_message\",\"error_data\",\"refused\",\"progress\",\"log\",\"elicit\",\"plain\"]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server jetty = new Server();
    /** Every POSTed body, in order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** The answers (responses) POSTed for each request id this server sent, as JSON. */
    private final Map<String, LinkedBlockingQueue<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<AsyncContext> listens = new CopyOnWriteArrayList<>();
    final String url;

    /** When true, {@code tools/list} is refused: HTTP 500 with a JSON-RPC error whose message carries a secret. */
    private final boolean refuseLists;

    LeakyUpstream() throws Exception {
        this(false);
    }

    LeakyUpstream(boolean refuseLists) throws Exception {
        this.refuseLists = refuseLists;
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new Mcp());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    }

    /** How many received bodies contain {@code fragment}. */
    long count(String fragment) {
        return received.stream().filter(b -> b.contains(fragment)).count();
    }

    /** The answer this server got for its request {@code id}, waited for (bounded). */
    JsonNode answerTo(String id) throws InterruptedException {
        JsonNode a = queue(id).poll(10, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("no answer to " + id + "; received " + received);
        }
        queue(id).offer(a); // kept for the next reader
        return a;
    }

    private LinkedBlockingQueue<JsonNode> queue(String id) {
        return answers.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    private final class Mcp extends HttpServlet {
        @Override
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(200);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/event-stream");
            resp.getOutputStream().write(("id: 1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    + "\"params\":{\"level\":\"info\",\"data\":\"listen S3CR3T-LISTEN\"}}\n\n"
                    + "id: 2\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"listen-ask\",\"method\":\"elicitation/create\","
                    + "\"params\":{\"message\":\"your key? S3CR3T-LISTEN-ASK\",\"requestedSchema\":{\"type\":\"object\","
                    + "\"properties\":{}}}}\n\n"
                    + "id: 3\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                    + "\"params\":{\"level\":\"info\",\"data\":\"listen clean\"}}\n\n").getBytes(StandardCharsets.UTF_8));
            resp.flushBuffer();
            AsyncContext async = req.startAsync();
            async.setTimeout(0);
            listens.add(async);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body);
            JsonNode m = JSON.readTree(body);
            if (!m.has("method")) { // an answer to one of this server's requests
                if ("x-refuse".equals(m.path("id").asText())) {
                    resp.setStatus(500);
                    json(resp, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"answer S3CR3T-REFUSED\"}}");
                    return;
                }
                if (m.has("id")) {
                    queue(m.get("id").asText()).offer(m);
                }
                resp.setStatus(202);
                return;
            }
            if (!m.has("id")) {
                resp.setStatus(202);
                return;
            }
            String id = m.get("id").toString();
            String method = m.path("method").asText();
            switch (method) {
                case "initialize" -> {
                    resp.setHeader("Mcp-Session-Id", "leaky-1");
                    json(resp, result(id, "{\"protocolVersion\":" + m.at("/params/protocolVersion")
                            + ",\"capabilities\":{\"tools\":{},\"logging\":{}},\"serverInfo\":{\"name\":\"leaky\",\"version\":\"1\"}}"));
                }
                case "tools/list" -> {
                    if (refuseLists) {
                        resp.setStatus(500);
                        json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32603,\"message\":\"list S3CR3T-LIST\"}}");
                        return;
                    }
                    StringBuilder tools = new StringBuilder("{\"tools\":[");
                    JsonNode names = JSON.readTree(TOOLS);
                    for (int i = 0; i < names.size(); i++) {
                        tools.append(i == 0 ? "" : ",").append("{\"name\":").append(names.get(i))
                                .append(",\"inputSchema\":{\"type\":\"object\"}}");
                    }
                    json(resp, result(id, tools.append("]}").toString()));
                }
                case "tools/call" -> call(id, m, resp);
                default -> json(resp, result(id, "{}"));
            }
        }

        private void call(String id, JsonNode m, HttpServletResponse resp) throws IOException {
            JsonNode token = m.at("/params/_meta/progressToken");
            switch (m.at("/params/name").asText()) {
                case "error_message" -> json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"error\":{\"code\":-32000,\"message\":\"failed with S3CR3T-MESSAGE\"}}");
                case "refused" -> {
                    resp.setStatus(500);
                    json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32603,\"message\":\"boom S3CR3T-REFUSED\"}}");
                }
                case "error_data" -> json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"error\":{\"code\":-32001,\"message\":\"failed\",\"data\":{\"detail\":\"S3CR3T-DATA\"}}}");
                case "progress" -> stream(resp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                        + "{\"progressToken\":" + (token.isMissingNode() ? "\"none\"" : token) + ",\"progress\":1,"
                        + "\"message\":\"step S3CR3T-PROGRESS\"}}", result(id, text("done")));
                case "log" -> stream(resp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":"
                        + "{\"level\":\"info\",\"data\":\"log S3CR3T-LOG\"}}", result(id, text("done")));
                case "elicit" -> elicit(id, resp);
                default -> json(resp, result(id, text("ok")));
            }
        }

        /** Asks the client, waits for the answer (bounded), then says what it was. */
        private void elicit(String id, HttpServletResponse resp) throws IOException {
            String ask = "ask-" + id.replace("\"", "");
            resp.setContentType("text/event-stream");
            event(resp, "{\"jsonrpc\":\"2.0\",\"id\":\"" + ask + "\",\"method\":\"elicitation/create\",\"params\":"
                    + "{\"message\":\"your key? S3CR3T-ELICIT\",\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}}");
            JsonNode answer;
            try {
                answer = queue(ask).poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (answer != null) {
                queue(ask).offer(answer);
            }
            String said = answer == null ? "no answer" : answer.has("error")
                    ? "error " + answer.at("/error/code").asInt() : "answered";
            event(resp, result(id, text(said)));
        }

        private void stream(HttpServletResponse resp, String... messages) throws IOException {
            resp.setContentType("text/event-stream");
            for (String m : messages) {
                event(resp, m);
            }
        }

        private void event(HttpServletResponse resp, String json) throws IOException {
            resp.getOutputStream().write(("event: message\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            resp.flushBuffer();
        }
    }

    private static String text(String text) {
        return "{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
    }

    private static String result(String id, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
    }

    private static void json(HttpServletResponse resp, String json) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write(json);
    }

    @Override
    public void close() throws Exception {
        for (AsyncContext a : listens) {
            try {
                a.complete();
            } catch (RuntimeException ignored) {
                // the gateway already closed it
            }
        }
        jetty.stop();
    }
}
