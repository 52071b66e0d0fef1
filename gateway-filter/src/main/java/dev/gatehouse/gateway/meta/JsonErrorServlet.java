package dev.gatehouse.gateway.meta;

import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.gateway.web.GatewayPath;
import dev.gatehouse.gateway.web.JsonReply;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The application's one error page (web.xml): whatever the container reports (an unknown path, an
 * unexpected exception) becomes a JSON body, a JSON-RPC error on the MCP endpoint, never an HTML page
 * or a stack trace.
 */
public final class JsonErrorServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            JsonReply.write(response, 404, body(404));
            return;
        }
        int status = status(request, response);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean mcp = uri instanceof String u && u.startsWith(request.getContextPath() + GatewayPath.MCP_PREFIX);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        JsonReply.write(response, status, mcp ? JsonRpcWriter.error(JsonRpcId.NULL, mcpError(status)) : body(status));
    }

    /**
     * The error's status: the servlet attribute when the container sets it, else the status already on the
     * response (Jetty refuses {@code /WEB-INF/*} and {@code /META-INF/*} with 404 without setting the
     * attribute), else 500.
     */
    private static int status(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            return code;
        }
        return response.getStatus() >= 400 ? response.getStatus() : 500;
    }

    private static JsonRpcError mcpError(int status) {
        return status >= 500 ? JsonRpcError.internalError()
                : new JsonRpcError(JsonRpcError.BAD_TRANSPORT_REQUEST, "HTTP " + status);
    }

    static byte[] body(int status) {
        String error = switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "server_error" : "client_error";
        };
        return ("{\"error\":\"" + error + "\",\"status\":" + status + "}").getBytes(StandardCharsets.US_ASCII);
    }
}
