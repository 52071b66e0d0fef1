package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;

/** One prompt and one resource, so the gateway's prompts/resources paths have something real to proxy. */
final class DemoExtras {

  static final String README_URI = "demo://readme";

  static final String README_TEXT =
      "Gatehouse demo MCP server. Tools: echo, add, get_time, slow_count, fail.";

  private DemoExtras() {}

  static SyncPromptSpecification greetingPrompt() {
    Prompt prompt = new Prompt("greeting", "Greets someone by name",
        List.of(new PromptArgument("name", "Who to greet", true)));
    return new SyncPromptSpecification(prompt, (ex, req) -> {
      Object name = req.arguments() == null ? null : req.arguments().get("name");
      String text = "Hello, " + (name == null ? "there" : name) + "! Welcome to Gatehouse.";
      return new GetPromptResult("A friendly greeting",
          List.of(new PromptMessage(Role.USER, new TextContent(text))));
    });
  }

  static SyncResourceSpecification readmeResource() {
    Resource resource = Resource.builder().uri(README_URI).name("readme")
        .description("About this demo server").mimeType("text/plain").build();
    return new SyncResourceSpecification(resource, (ex, req) -> new ReadResourceResult(
        List.of(new TextResourceContents(README_URI, "text/plain", README_TEXT))));
  }
}
