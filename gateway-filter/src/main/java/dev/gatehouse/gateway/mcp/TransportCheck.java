package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.upstream.McpHeaders;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The streamable HTTP transport rules a request must meet before its body is read (MCP specification
 * 2025-06-18, "Transports"): Origin, protocol revision, header syntax, and for POST the content type
 * and the reply forms the client accepts.
 */
public final class TransportCheck {
    /** Session ids and event ids are visible ASCII (MCP transports); also what may safely be forwarded. */
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private final OriginPolicy origins;

    public TransportCheck(OriginPolicy origins) {
        this.origins = origins;
    }

    /** The outcome of the checks: the validated headers, or the error to answer with. */
    public sealed interface Result {
        record Passed(TransportHeaders headers) implements Result {
        }

        record Failed(McpError error) implements Result {
        }
    }

    public Result checkPost(HttpServletRequest request) {
        Result common = checkCommon(request);
        if (common instanceof Result.Failed) {
            return common;
        }
        if (!isJson(request.getContentType())) {
            return new Result.Failed(McpError.unsupportedMediaType());
        }
        var charset = Utf8Only.foreignCharset(request.getContentType());
        if (charset.isPresent()) {
            return new Result.Failed(McpError.notUtf8("charset=" + charset.get()));
        }
        if (!((Result.Passed) common).headers().accept().any()) {
            return new Result.Failed(McpError.notAcceptable());
        }
        return common;
    }

    /** A listen stream (GET): a session, and an Accept that allows an event stream. */
    public Result checkGet(HttpServletRequest request) {
        Result common = checkCommon(request);
        if (!(common instanceof Result.Passed p)) {
            return common;
        }
        if (p.headers().sessionId() == null) {
            return new Result.Failed(McpError.sessionRequired());
        }
        if (!p.headers().accept().eventStream()) {
            return new Result.Failed(McpError.listenNotAcceptable());
        }
        return common;
    }

    public Result checkDelete(HttpServletRequest request) {
        Result common = checkCommon(request);
        if (common instanceof Result.Passed p && p.headers().sessionId() == null) {
            return new Result.Failed(McpError.sessionRequired());
        }
        return common;
    }

    private Result checkCommon(HttpServletRequest request) {
        if (!origins.permits(request)) {
            return new Result.Failed(McpError.originNotAllowed());
        }
        String version = request.getHeader(McpHeaders.PROTOCOL_VERSION);
        if (version != null && !McpMethods.PROTOCOL_VERSIONS.contains(version.strip())) {
            return new Result.Failed(McpError.unsupportedProtocolVersion());
        }
        String session = request.getHeader(McpHeaders.SESSION_ID);
        if (session != null && !VISIBLE_ASCII.matcher(session).matches()) {
            return new Result.Failed(McpError.badHeader(McpHeaders.SESSION_ID));
        }
        String lastEvent = request.getHeader(McpHeaders.LAST_EVENT_ID);
        if (lastEvent != null && !VISIBLE_ASCII.matcher(lastEvent).matches()) {
            return new Result.Failed(McpError.badHeader(McpHeaders.LAST_EVENT_ID));
        }
        return new Result.Passed(new TransportHeaders(AcceptedTypes.parse(request.getHeader("Accept")), session,
                version == null ? null : version.strip(), lastEvent));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.toLowerCase(Locale.ROOT).equals(McpHeaders.APPLICATION_JSON);
    }
}
