package dev.gatehouse.admin.dto;

import java.util.List;
import java.util.Map;

/**
 * The admin application's effective settings, read-only: they are parsed once at deployment from system
 * properties or environment variables, so changing one means changing the deployment.
 */
public record SettingsView(String publicBaseUrl, String gatewayContextPath, long maxBodyBytes,
                           Map<String, List<String>> roles) {
}
