package dev.gatehouse.launcher;

import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;

import java.net.URI;
import java.util.List;

/**
 * Makes sure the demo gateway "Quickstart" exists and fronts the built-in demo MCP server at its
 * current address. Runs at every start; creates on the first, only re-points the server afterwards.
 */
final class DemoSeed {
    static final String SERVER_SLUG = "demo";
    static final String GATEWAY_SLUG = "quickstart";
    private static final String SEEDED_BY = "gatehouse";

    private DemoSeed() {
    }

    static void ensure(Gatehouse gatehouse, URI demoUrl) {
        var catalog = gatehouse.catalog();
        var server = catalog.server(SERVER_SLUG);
        if (server.isEmpty()) {
            catalog.createServer(new NewServer("Gatehouse demo server", SERVER_SLUG, demoUrl.toString(),
                    null, null, null, null), SEEDED_BY);
        } else if (!server.get().url().equals(demoUrl)) {
            catalog.relocateServer(SERVER_SLUG, demoUrl);
        }
        if (catalog.gateway(GATEWAY_SLUG).isEmpty()) {
            catalog.createGateway(new NewGateway("Quickstart", GATEWAY_SLUG,
                    "Demo gateway fronting the built-in demo MCP server (echo, add, get_time, slow_count, fail).",
                    List.of(new NewGateway.Assignment(SERVER_SLUG, null))), SEEDED_BY);
        }
    }
}
