package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.runtime.AdminSettings;

/**
 * {@code GET /api/settings}: the effective settings of this deployment, including which container roles
 * grant which capabilities. Read-only by design: settings are parsed once at deployment (a bad one stops
 * it), so they change with the deployment, never behind its back. Needs {@code settings:manage}.
 */
final class SettingsResource {
    private final AdminSettings settings;

    SettingsResource(AdminSettings settings) {
        this.settings = settings;
    }

    Reply get(ApiRequest request) {
        return Reply.ok(Views.settings(settings));
    }
}
