package dev.gatehouse.bench;

import java.net.URI;

/**
 * {@code java -cp gatehouse-bench.jar dev.gatehouse.bench.HoldStreams MCP_URL TOKEN N}: the stream holder of
 * {@code benchmarks/idle-streams}, in a process of its own, so that the gateway's heap can be read alone. Opens N
 * idle listen streams through the gateway (each on its own session), prints how many opened, then holds them
 * until its standard input closes.
 */
public final class HoldStreams {
    private HoldStreams() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HoldStreams MCP_URL TOKEN N");
            System.exit(2);
        }
        try (IdleStreams idle = new IdleStreams()) {
            IdleStreams.Result r = idle.open(URI.create(args[0]), args[1], Integer.parseInt(args[2]));
            System.out.printf("holding %d of %d idle listen streams (%d failed), opened in %.0f s%n", r.open(), r.requested(),
                    r.failed(), r.seconds());
            System.out.flush();
            while (System.in.read() != -1) {
                // held until the caller closes our standard input
            }
        }
    }
}
