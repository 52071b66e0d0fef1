package dev.gatehouse.bench;

import java.net.URI;

/** The MCP server both legs of a run call: directly, and through Gatehouse's Quickstart gateway. */
interface Upstream extends AutoCloseable {
    URI url();

    /** What the table calls it. */
    String description();

    static Upstream start(BenchOptions options) throws Exception {
        return options.upstream().equals("everything") ? EverythingUpstream.start(options.nodeHarness())
                : new DirectUpstream();
    }
}
