package dev.gatehouse.admin.dto;

/**
 * An upstream server as it sits on a gateway: its prefix there, what of its tools, prompts and
 * resources the gateway publishes, and whose identity its calls use ({@code shared} or {@code per-user}).
 * {@code id} is the server's id.
 */
public record GatewayServerView(String id, String name, String slug, String url, String toolPrefix,
                                ExposureView tools, ExposureView prompts, ExposureView resources, String identityScheme) {
}
