package dev.gatehouse.gateway.mcp;

import java.util.Objects;

/** The result of reading a POST: an accepted call, or the error to answer with. */
public sealed interface Intake {
    record Accepted(McpCall call) implements Intake {
        public Accepted {
            Objects.requireNonNull(call, "call");
        }
    }

    /** Refused before forwarding; {@code method} is known once the body parsed. */
    record Refused(Inbound inbound, McpError error, String method) implements Intake {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
