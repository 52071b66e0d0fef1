package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Reply;

/** {@code /api/me}: the caller's user name and capabilities, open to every authenticated user. */
final class MeResource {
    Reply get(ApiRequest request) {
        return Reply.ok(Views.me(request.caller()));
    }
}
