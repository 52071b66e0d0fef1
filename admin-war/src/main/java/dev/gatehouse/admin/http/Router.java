package dev.gatehouse.admin.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the route for a method and path: {@code 404} when no path matches, {@code 405} with an
 * {@code Allow} header (RFC 9110 section 15.5.6) when the path matches under other methods only.
 */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A route with the path segments it captured. */
    public record Match(Route route, Map<String, String> params) {
    }

    public Result<Match> match(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.path().match(path);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(method)) {
                return Result.ok(new Match(route, params.get()));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            return Result.failed(Problem.notFound("no such resource"));
        }
        return Result.failed(Problem.methodNotAllowed(method, String.join(", ", allowed)));
    }

    public List<Route> routes() {
        return routes;
    }
}
