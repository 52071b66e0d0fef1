package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;

/** What an external rule engine answered, or why it did not answer usefully. */
public sealed interface WebhookAnswer {
    /** The call may proceed as it is. */
    record Pass() implements WebhookAnswer {
    }

    /** The call is refused; {@code reason}, if any, is shown to the client. */
    record Block(String reason) implements WebhookAnswer {
    }

    /** The call proceeds with {@code payload} in place of the original (already checked to be valid MCP). */
    record Modify(JsonNode payload) implements WebhookAnswer {
    }

    /** No usable answer: timeout, refused connection, an HTTP error, or an answer that breaks the contract. */
    record Failed(String why) implements WebhookAnswer {
    }
}
