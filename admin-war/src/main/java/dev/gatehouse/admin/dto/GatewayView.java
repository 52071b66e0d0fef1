package dev.gatehouse.admin.dto;

import java.time.Instant;
import java.util.List;

/** A gateway on the wire; {@code url} is the MCP endpoint clients connect to. */
public record GatewayView(String id, String name, String slug, String description, String url,
                          List<GatewayServerView> servers, Instant createdAt) {
}
