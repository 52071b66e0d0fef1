package dev.gatehouse.launcher;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The embedded server's answer to what it refuses before any web application sees the request (an
 * ambiguous path such as {@code %2F}, {@code ..;} or an encoded dot segment, a bad request line, oversized
 * headers, a request too slow): the JSON of the gateway's error page ({@code JsonErrorServlet}),
 * {@code {"error":"bad_request","status":400}}, never Jetty's HTML page; under the admin API
 * ({@code /gatehouse-admin/api}) the API's one error form instead, {@code application/problem+json} with a
 * detail, as its own refusals are. Set as the server's error handler in {@code EmbeddedServer.bind}; errors
 * inside a web application still get that application's own error page (web.xml).
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (adminApi(request)) {
            byte[] problem = problem(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
            response.getHeaders().put(NO_STORE);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, problem.length);
            response.write(true, ByteBuffer.wrap(problem), callback);
            return;
        }
        byte[] body = body(code);
        response.getHeaders().put(JSON);
        response.getHeaders().put(NO_STORE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Refusals by the HTTP parser itself (a malformed request line, headers too large), answered without a request. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        fields.put(NO_STORE);
        return ByteBuffer.wrap(body(status));
    }

    /**
     * A request for the admin API, judged by the target as the client sent it (still encoded: it may not decode):
     * Jetty hands a request it refused to this handler with its path replaced by {@code /badURI} or {@code /badMessage}.
     */
    private static boolean adminApi(Request request) {
        String raw = request.getConnectionMetaData().getConnection() instanceof RequestTarget sent ? sent.rawTarget() : null;
        if (raw == null && request.getHttpURI() != null) {
            raw = request.getHttpURI().getPath();
        }
        if (raw != null && raw.contains("://")) { // absolute-form: the path starts after the authority
            int slash = raw.indexOf('/', raw.indexOf("://") + 3);
            raw = slash < 0 ? "" : raw.substring(slash);
        }
        return raw != null && raw.startsWith(EmbeddedServer.ADMIN_CONTEXT + "/api");
    }

    /** The admin API's problem+json (RFC 9457) for a refusal of the server's own; the detail never echoes the path. */
    static byte[] problem(int status) {
        String title = status == 400 ? "Bad Request" : status >= 500 ? "Server Error" : "Client Error";
        String detail = status == 400
                ? "the request path is not valid: it holds a NUL or another control character, bad percent-encoding,"
                        + " or an encoded slash, backslash or dot segment"
                : "the request was refused (status " + status + ")";
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The body of {@code JsonErrorServlet}: an error name and the status. */
    static byte[] body(int status) {
        String error = switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "request_header_fields_too_large";
            default -> status >= 500 ? "server_error" : "client_error";
        };
        return ("{\"error\":\"" + error + "\",\"status\":" + status + "}").getBytes(StandardCharsets.US_ASCII);
    }
}
