package dev.gatehouse.admin.dto;

/** An upstream server as it sits on a gateway, with its tool prefix there. */
public record GatewayServerView(String id, String name, String slug, String url, String toolPrefix) {
}
