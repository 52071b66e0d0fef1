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
 * {@code {"error":"bad_request","status":400}}, never Jetty's HTML page. Set as the server's error handler
 * in {@code EmbeddedServer.bind}; errors inside a web application still get that application's own error
 * page (web.xml).
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
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
