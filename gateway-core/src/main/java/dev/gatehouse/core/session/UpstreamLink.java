package dev.gatehouse.core.session;

import java.util.Objects;

/**
 * The upstream session that backs a Gatehouse session on one server: the id the upstream issued
 * (null for a stateless upstream) and the protocol revision negotiated with that upstream.
 */
public record UpstreamLink(String sessionId, String protocolVersion) {
    public UpstreamLink {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
    }

    @Override
    public String toString() {
        return "UpstreamLink[" + protocolVersion + ", session=" + (sessionId != null) + "]";
    }
}
