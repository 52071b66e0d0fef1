package dev.gatehouse.core.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Ids of requests an upstream sends to the client (sampling, elicitation, roots), as relayed: they
 * name the server and carry the upstream's own id, so the client's answer can be routed back by any
 * node without shared state: {@code gh~{serverId}~{base64url(original id as JSON)}}.
 */
public final class ServerRequestIds {
    private static final String MARK = "gh~";

    private ServerRequestIds() {
    }

    /** Where a client's answer goes. */
    public record Origin(String serverId, JsonRpcId upstreamId) {
    }

    public static String relayed(String serverId, JsonRpcId upstreamId) {
        return MARK + serverId + '~' + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(upstreamId.json().getBytes(StandardCharsets.UTF_8));
    }

    public static Optional<Origin> origin(JsonRpcId id) {
        if (!(id instanceof JsonRpcId.Text t) || !t.value().startsWith(MARK)) {
            return Optional.empty();
        }
        String rest = t.value().substring(MARK.length());
        int tilde = rest.indexOf('~');
        if (tilde <= 0) {
            return Optional.empty();
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(rest.substring(tilde + 1)), StandardCharsets.UTF_8);
            JsonRpcId original = json.startsWith("\"")
                    ? JsonRpcId.of(OwnRequests.MAPPER.readTree(json).textValue())
                    : new JsonRpcId.Numeric(new BigInteger(json));
            return Optional.of(new Origin(rest.substring(0, tilde), original));
        } catch (Exception e) { // not one of ours after all
            return Optional.empty();
        }
    }
}
