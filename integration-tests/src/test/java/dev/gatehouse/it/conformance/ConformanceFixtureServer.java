package dev.gatehouse.it.conformance;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An MCP server built with the MCP Java SDK that implements the fixtures the official conformance
 * suite ({@code @modelcontextprotocol/conformance} 0.1.16) expects of a server: the {@code test_*}
 * tools, prompts and {@code test://} resources named in its scenario descriptions. It validates
 * {@code Host} and {@code Origin} against its own localhost address (DNS rebinding protection).
 */
public final class ConformanceFixtureServer implements AutoCloseable {
    /** A 1x1 red PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    /** A WAV header with no samples. */
    static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=";

    private final Server jetty;
    private final McpSyncServer server;
    private final int port;

    private ConformanceFixtureServer(Server jetty, McpSyncServer server, int port) {
        this.jetty = jetty;
        this.server = server;
        this.port = port;
    }

    /** Starts the fixture on a free localhost port; its endpoint is {@link #url()}. */
    public static ConformanceFixtureServer start() throws Exception {
        int port = freePort();
        McpJsonMapper json = McpJsonDefaults.getMapper();
        String authority = "localhost:" + port;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint("/mcp")
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHosts(List.of(authority, "127.0.0.1:" + port))
                        .allowedOrigins(List.of("http://" + authority, "http://127.0.0.1:" + port)).build())
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("gatehouse-conformance-fixture", "1.0.0")
                .capabilities(ServerCapabilities.builder().tools(true).prompts(true).resources(true, true)
                        .logging().completions().build())
                .tools(tools(json))
                .prompts(prompts())
                .resources(resources())
                .resourceTemplates(new SyncResourceTemplateSpecification(
                        ResourceTemplate.builder().uriTemplate("test://template/{id}/data").name("template")
                                .description("A resource per id").mimeType("application/json").build(),
                        (ex, req) -> {
                            String id = req.uri().replaceAll("^test://template/([^/]*)/data$", "$1");
                            return new ReadResourceResult(List.of(new TextResourceContents(req.uri(), "application/json",
                                    "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}")));
                        }))
                .completions(new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"),
                        (ex, req) -> new CompleteResult(new CompleteResult.CompleteCompletion(List.of(), 0, false))))
                .build();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        return new ConformanceFixtureServer(jetty, server, port);
    }

    public String url() {
        return "http://localhost:" + port + "/mcp";
    }

    private static List<SyncToolSpecification> tools(McpJsonMapper json) {
        return List.of(
                tool(json, "test_simple_text", "Returns simple text", NO_ARGS,
                        (ex, req) -> text("This is a simple text response for testing.")),
                tool(json, "test_image_content", "Returns an image", NO_ARGS,
                        (ex, req) -> CallToolResult.builder().content(List.of(new ImageContent(null, PNG, "image/png"))).build()),
                tool(json, "test_audio_content", "Returns audio", NO_ARGS,
                        (ex, req) -> CallToolResult.builder().content(List.of(new AudioContent(null, WAV, "audio/wav"))).build()),
                tool(json, "test_embedded_resource", "Returns an embedded resource", NO_ARGS,
                        (ex, req) -> CallToolResult.builder().content(List.of(new EmbeddedResource(null,
                                new TextResourceContents("test://embedded-resource", "text/plain",
                                        "This is an embedded resource content.")))).build()),
                tool(json, "test_multiple_content_types", "Returns text, an image and a resource", NO_ARGS,
                        (ex, req) -> CallToolResult.builder().content(List.of(
                                new TextContent("Multiple content types test:"),
                                new ImageContent(null, PNG, "image/png"),
                                new EmbeddedResource(null, new TextResourceContents("test://mixed-content-resource",
                                        "application/json", "{\"test\":\"data\",\"value\":123}")))).build()),
                tool(json, "test_tool_with_logging", "Logs three messages while it runs", NO_ARGS,
                        ConformanceFixtureServer::withLogging),
                tool(json, "test_error_handling", "Always fails", NO_ARGS,
                        (ex, req) -> CallToolResult.builder().isError(true)
                                .addTextContent("This tool intentionally returns an error for testing").build()),
                tool(json, "test_tool_with_progress", "Reports progress 0, 50, 100", NO_ARGS,
                        ConformanceFixtureServer::withProgress),
                tool(json, "test_sampling", "Asks the client's LLM", """
                        {"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}""",
                        ConformanceFixtureServer::sampling),
                tool(json, "test_elicitation", "Asks the user", """
                        {"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}""",
                        (ex, req) -> elicit(ex, String.valueOf(req.arguments().get("message")), Map.of(
                                "type", "object",
                                "properties", Map.of(
                                        "username", Map.of("type", "string", "description", "User's response"),
                                        "email", Map.of("type", "string", "description", "User's email address")),
                                "required", List.of("username", "email")))),
                tool(json, "test_elicitation_sep1034_defaults", "Asks the user, with defaults", NO_ARGS,
                        (ex, req) -> elicit(ex, "Test client default value handling - please accept with defaults", Map.of(
                                "type", "object",
                                "properties", Map.of(
                                        "name", Map.of("type", "string", "description", "User name", "default", "John Doe"),
                                        "age", Map.of("type", "integer", "description", "User age", "default", 30),
                                        "score", Map.of("type", "number", "description", "User score", "default", 95.5),
                                        "status", Map.of("type", "string", "description", "User status",
                                                "enum", List.of("active", "inactive", "pending"), "default", "active"),
                                        "verified", Map.of("type", "boolean", "description", "Verification status",
                                                "default", true)),
                                "required", List.of()))),
                tool(json, "test_elicitation_sep1330_enums", "Asks the user, with every enum form", NO_ARGS,
                        (ex, req) -> elicit(ex, "Test enum schema variants", Map.of(
                                "type", "object",
                                "properties", Map.of(
                                        "untitledSingle", Map.of("type", "string",
                                                "enum", List.of("option1", "option2", "option3")),
                                        "titledSingle", Map.of("type", "string", "oneOf", List.of(
                                                Map.of("const", "value1", "title", "First Option"),
                                                Map.of("const", "value2", "title", "Second Option"),
                                                Map.of("const", "value3", "title", "Third Option"))),
                                        "legacyEnum", Map.of("type", "string", "enum", List.of("opt1", "opt2", "opt3"),
                                                "enumNames", List.of("Option One", "Option Two", "Option Three")),
                                        "untitledMulti", Map.of("type", "array", "items", Map.of("type", "string",
                                                "enum", List.of("option1", "option2", "option3"))),
                                        "titledMulti", Map.of("type", "array", "items", Map.of("anyOf", List.of(
                                                Map.of("const", "value1", "title", "First Choice"),
                                                Map.of("const", "value2", "title", "Second Choice"),
                                                Map.of("const", "value3", "title", "Third Choice"))))),
                                "required", List.of()))),
                tool(json, "test_reconnection", "Answers after a short pause", NO_ARGS, (ex, req) -> {
                    sleep(100);
                    return text("Reconnection test completed successfully");
                }));
    }

    private static final String NO_ARGS = "{\"type\":\"object\",\"properties\":{}}";

    private static CallToolResult withLogging(McpSyncServerExchange ex, CallToolRequest req) {
        for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
            ex.loggingNotification(LoggingMessageNotification.builder().level(LoggingLevel.INFO)
                    .logger("test_tool_with_logging").data(message).build());
            sleep(50);
        }
        return text("Tool with logging executed successfully");
    }

    private static CallToolResult withProgress(McpSyncServerExchange ex, CallToolRequest req) {
        Object token = req.progressToken();
        for (int progress : new int[] {0, 50, 100}) {
            if (token != null) {
                ex.progressNotification(new ProgressNotification(token, progress, 100.0, "at " + progress));
            }
            if (progress < 100) {
                sleep(50);
            }
        }
        return text("Progress test completed");
    }

    private static CallToolResult sampling(McpSyncServerExchange ex, CallToolRequest req) {
        if (ex.getClientCapabilities() == null || ex.getClientCapabilities().sampling() == null) {
            return CallToolResult.builder().isError(true).addTextContent("The client does not support sampling").build();
        }
        CreateMessageResult result = ex.createMessage(CreateMessageRequest.builder()
                .messages(List.of(new SamplingMessage(Role.USER, new TextContent(String.valueOf(req.arguments().get("prompt"))))))
                .maxTokens(100).build());
        String answer = result.content() instanceof TextContent t ? t.text() : String.valueOf(result.content());
        return text("LLM response: " + answer);
    }

    private static CallToolResult elicit(McpSyncServerExchange ex, String message, Map<String, Object> schema) {
        if (ex.getClientCapabilities() == null || ex.getClientCapabilities().elicitation() == null) {
            return CallToolResult.builder().isError(true).addTextContent("The client does not support elicitation").build();
        }
        ElicitResult result = ex.createElicitation(new ElicitFormRequest(message, schema, null));
        return text("Elicitation completed: action=" + result.action() + ", content=" + result.content());
    }

    private static List<SyncPromptSpecification> prompts() {
        return List.of(
                prompt(new Prompt("test_simple_prompt", "A prompt without arguments", List.of()),
                        (ex, req) -> new GetPromptResult(null, List.of(new PromptMessage(Role.USER,
                                new TextContent("This is a simple prompt for testing."))))),
                prompt(new Prompt("test_prompt_with_arguments", "A prompt with two arguments", List.of(
                                new PromptArgument("arg1", "First test argument", true),
                                new PromptArgument("arg2", "Second test argument", true))),
                        (ex, req) -> new GetPromptResult(null, List.of(new PromptMessage(Role.USER, new TextContent(
                                "Prompt with arguments: arg1='" + req.arguments().get("arg1") + "', arg2='"
                                        + req.arguments().get("arg2") + "'"))))),
                prompt(new Prompt("test_prompt_with_embedded_resource", "A prompt embedding a resource", List.of(
                                new PromptArgument("resourceUri", "URI of the resource to embed", true))),
                        (ex, req) -> new GetPromptResult(null, List.of(
                                new PromptMessage(Role.USER, new EmbeddedResource(null, new TextResourceContents(
                                        String.valueOf(req.arguments().get("resourceUri")), "text/plain",
                                        "Embedded resource content for testing."))),
                                new PromptMessage(Role.USER, new TextContent("Please process the embedded resource above."))))),
                prompt(new Prompt("test_prompt_with_image", "A prompt with an image", List.of()),
                        (ex, req) -> new GetPromptResult(null, List.of(
                                new PromptMessage(Role.USER, new ImageContent(null, PNG, "image/png")),
                                new PromptMessage(Role.USER, new TextContent("Please analyze the image above."))))));
    }

    private static List<SyncResourceSpecification> resources() {
        return List.of(
                resource("test://static-text", "static-text", "text/plain",
                        uri -> new TextResourceContents(uri, "text/plain", "This is the content of the static text resource.")),
                resource("test://static-binary", "static-binary", "image/png",
                        uri -> new BlobResourceContents(uri, "image/png", PNG)),
                resource("test://watched-resource", "watched-resource", "text/plain",
                        uri -> new TextResourceContents(uri, "text/plain", "Watched resource content")));
    }

    private static SyncResourceSpecification resource(String uri, String name, String mimeType,
            java.util.function.Function<String, io.modelcontextprotocol.spec.McpSchema.ResourceContents> contents) {
        return new SyncResourceSpecification(Resource.builder().uri(uri).name(name).description(name)
                .mimeType(mimeType).build(), (ex, req) -> new ReadResourceResult(List.of(contents.apply(req.uri()))));
    }

    private static SyncPromptSpecification prompt(Prompt prompt,
            BiFunction<McpSyncServerExchange, io.modelcontextprotocol.spec.McpSchema.GetPromptRequest, GetPromptResult> handler) {
        return new SyncPromptSpecification(prompt, handler);
    }

    private static SyncToolSpecification tool(McpJsonMapper json, String name, String description, String schema,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder().name(name).description(description).inputSchema(json, schema).build())
                .callHandler(handler).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.closeGracefully();
        jetty.stop();
    }
}
