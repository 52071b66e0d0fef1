package dev.gatehouse.admin.dto;

import java.time.Instant;
import java.util.List;

/**
 * A gateway on the wire; {@code url} is the MCP endpoint clients connect to; {@code prefixMode}
 * ({@code always}, {@code never}, {@code conditional}) and {@code separator} say how item names are published.
 */
public record GatewayView(String id, String name, String slug, String description, String url,
                          List<GatewayServerView> servers, Instant createdAt, String prefixMode, String separator) {
}
