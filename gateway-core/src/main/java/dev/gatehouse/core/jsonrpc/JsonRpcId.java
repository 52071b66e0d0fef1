package dev.gatehouse.core.jsonrpc;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON-RPC request id, kept exactly as the client sent it so every reply and error can carry it
 * back: MCP allows a string or an integer (never null on a request). {@link #NULL} is only for error
 * replies to messages whose id could not be read (JSON-RPC 2.0, section 5).
 */
public sealed interface JsonRpcId {
    /** The id of an error reply when the request's own id is unknown. */
    JsonRpcId NULL = new Null();

    /** The id as a JSON literal, to be written back unchanged. */
    String json();

    /** The id as plain text for the audit log; {@code null} for {@link #NULL}. */
    String text();

    static JsonRpcId of(String value) {
        return new Text(value);
    }

    static JsonRpcId of(long value) {
        return new Numeric(BigInteger.valueOf(value));
    }

    /** A string id. */
    record Text(String value) implements JsonRpcId {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String json() {
            return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** An integer id of any size (JSON does not bound integers, so neither does the gateway). */
    record Numeric(BigInteger value) implements JsonRpcId {
        public Numeric {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String json() {
            return value.toString();
        }

        @Override
        public String text() {
            return value.toString();
        }
    }

    /** The null id. */
    record Null() implements JsonRpcId {
        @Override
        public String json() {
            return "null";
        }

        @Override
        public String text() {
            return null;
        }
    }
}
