package dev.gatehouse.gateway.mcp;

/**
 * The MCP transport headers of a client request, validated.
 *
 * @param sessionId       the client's {@code Mcp-Session-Id}, or null
 * @param protocolVersion the client's {@code MCP-Protocol-Version}, or null
 * @param lastEventId     the client's {@code Last-Event-ID}, or null
 */
public record TransportHeaders(AcceptedTypes accept, String sessionId, String protocolVersion, String lastEventId) {
}
