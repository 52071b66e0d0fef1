package dev.gatehouse.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.jsonrpc.RawJson;

import java.util.Optional;

/**
 * Bounds on what a client's {@code initialize} may carry into a Gatehouse session (MCP "Lifecycle",
 * {@code InitializeRequest}): the capabilities are stored with the session and sent to every upstream's
 * handshake, so each field is checked before anything is stored. A field out of bounds is named in the
 * refusal (JSON-RPC {@code -32602}); nothing reaches the database.
 */
public final class InitializeParams {
    /** The stored column's length ({@code gh_mcp_session.client_capabilities}). */
    public static final int MAX_CAPABILITIES_CHARS = 8000;
    /** Revisions are dates ({@code 2025-11-25}); anything longer is not one. */
    public static final int MAX_PROTOCOL_VERSION_CHARS = 64;
    /** A client's name, title or version: generous for a product name, far below a payload. */
    public static final int MAX_CLIENT_INFO_CHARS = 256;

    private InitializeParams() {
    }

    /** The first field out of bounds, as a message naming it; empty when every field is within bounds. */
    public static Optional<String> violation(RawJson params) {
        if (!params.present()) {
            return Optional.empty();
        }
        JsonNode p = params.tree();
        if (!p.isObject()) {
            return Optional.of("params must be an object");
        }
        Optional<String> version = text(p.path("protocolVersion"), "params.protocolVersion", MAX_PROTOCOL_VERSION_CHARS);
        if (version.isPresent()) {
            return version;
        }
        JsonNode capabilities = p.path("capabilities");
        if (!capabilities.isMissingNode()) {
            if (!capabilities.isObject()) {
                return Optional.of("params.capabilities must be an object");
            }
            int length = capabilities.toString().length();
            if (length > MAX_CAPABILITIES_CHARS) {
                return Optional.of("params.capabilities is " + length + " characters; at most "
                        + MAX_CAPABILITIES_CHARS + " are accepted");
            }
        }
        JsonNode info = p.path("clientInfo");
        if (info.isMissingNode()) {
            return Optional.empty();
        }
        if (!info.isObject()) {
            return Optional.of("params.clientInfo must be an object");
        }
        for (String field : new String[] {"name", "title", "version"}) {
            Optional<String> v = text(info.path(field), "params.clientInfo." + field, MAX_CLIENT_INFO_CHARS);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode value, String name, int max) {
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.of(name + " must be a string");
        }
        int length = value.textValue().length();
        return length > max
                ? Optional.of(name + " is " + length + " characters; at most " + max + " are accepted")
                : Optional.empty();
    }
}
