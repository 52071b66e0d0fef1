package dev.gatehouse.admin.dto;

/**
 * An upstream server as it sits on a gateway: its prefix there, and what of its tools, prompts and
 * resources the gateway publishes.
 */
public record GatewayServerView(String id, String name, String slug, String url, String toolPrefix,
                                ExposureView tools, ExposureView prompts, ExposureView resources) {
}
