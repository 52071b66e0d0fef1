package dev.gatehouse.launcher.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stdio MCP server run as a real child process of the bridge in {@link StdioBridgeTest}, scripted to fail:
 * tool {@code echo} answers, {@code pid} names its process, {@code die} exits mid-call, {@code progress} reports twice first, {@code sample}
 * asks its client for a sampling completion and answers with it, {@code notify} sends a notification outside
 * any call. Every line it reads is also written to stderr, which the bridge logs under a prefix.
 */
public final class ScriptedStdioServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptedStdioServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        JsonNode pendingSample = null;
        while ((line = in.readLine()) != null) {
            System.err.println("scripted server read " + line.length() + " characters");
            ObjectNode m = (ObjectNode) JSON.readTree(line);
            String method = m.path("method").asText("");
            if (m.has("id") && !m.has("method")) { // the client's answer to our sampling request
                String text = m.path("result").path("content").path("text").asText();
                out.println(result(pendingSample, "sampled: " + text));
                pendingSample = null;
                continue;
            }
            switch (method) {
                case "initialize" -> out.println("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"scripted\",\"version\":\"" + ProcessHandle.current().pid() + "\"}}}");
                case "tools/call" -> {
                    JsonNode id = m.get("id");
                    switch (m.path("params").path("name").asText()) {
                        case "echo" -> out.println(result(id, m.path("params").path("arguments").path("message").asText()));
                        case "pid" -> out.println(result(id, String.valueOf(ProcessHandle.current().pid())));
                        case "die" -> {
                            System.err.println("scripted server dies mid-call");
                            System.exit(3);
                        }
                        case "progress" -> {
                            JsonNode token = m.path("params").path("_meta").get("progressToken");
                            for (int i = 1; i <= 2; i++) {
                                out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                                        + "{\"progressToken\":" + token + ",\"progress\":" + i + ",\"total\":2}}");
                            }
                            out.println(result(id, "done"));
                        }
                        case "sample" -> {
                            pendingSample = id;
                            out.println("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"sampling/createMessage\","
                                    + "\"params\":{\"messages\":[],\"maxTokens\":5}}");
                        }
                        case "notify" -> {
                            out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
                            out.println(result(id, "notified"));
                        }
                        default -> out.println("{\"jsonrpc\":\"2.0\",\"id\":" + id
                                + ",\"error\":{\"code\":-32602,\"message\":\"Unknown tool\"}}");
                    }
                }
                default -> {
                    if (m.has("id")) {
                        out.println("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":{}}");
                    }
                }
            }
        }
    }

    private static String result(JsonNode id, String text) {
        ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        r.putObject("result").putArray("content").addObject().put("type", "text").put("text", text);
        return r.toString();
    }
}
