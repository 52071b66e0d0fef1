package dev.gatehouse.admin.http;

import dev.gatehouse.admin.security.Access;

import java.util.Objects;

/**
 * One endpoint: method, path, what it requires of the caller, and the action name it is audited under
 * when refused (such as {@code host.create}).
 */
public record Route(String method, PathTemplate path, Access access, String action, Handler handler) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(handler, "handler");
    }

    public static Route of(String method, String path, Access access, String action, Handler handler) {
        return new Route(method, new PathTemplate(path), access, action, handler);
    }
}
