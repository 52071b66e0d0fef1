package dev.gatehouse.admin.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a request body as one JSON object, refusing before parsing what it need not parse: a media type
 * other than {@code application/json} in UTF-8 (415), more than the limit (413, checked against
 * {@code Content-Length} and again while reading, since a chunked body has none), then invalid JSON,
 * duplicate keys, trailing content or anything but an object (400). Problem details describe the fault,
 * never echo the body.
 */
public final class JsonBodyReader {
    private static final System.Logger LOG = System.getLogger(JsonBodyReader.class.getName());
    private static final String MEDIA_TYPE = "application/json";

    private final long maxBytes;

    public JsonBodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * A body within the limit is read to its end even when its media type is refused: answering 415 with
     * the body still arriving makes the container close a connection the client is writing to, and the
     * client may then see a reset instead of the answer. A body over the limit is not read; its 413 says
     * {@code Connection: close}.
     */
    public Result<ObjectNode> read(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBytes) {
            return Result.failed(Problem.tooLarge(maxBytes));
        }
        Result<byte[]> body = bytes(request);
        if (!acceptable(request.getContentType())) {
            return body.then(read -> Result.failed(Problem.unsupportedMediaType()));
        }
        return body.then(this::parse);
    }

    private Result<byte[]> bytes(HttpServletRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    return Result.failed(Problem.tooLarge(maxBytes));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a container may fail a read unchecked (Jetty's BadMessageException for a body arriving too slowly):
            // still the client's body that could not be read, never a 500
            LOG.log(System.Logger.Level.INFO, "request body of " + request.getMethod() + " " + LogText.safe(request.getRequestURI())
                    + " could not be read: " + LogText.cause(e));
            return Result.failed(Problem.badRequest("the request body could not be read"));
        }
        return Result.ok(out.toByteArray());
    }

    private Result<ObjectNode> parse(byte[] body) {
        if (body.length == 0) {
            return Result.failed(Problem.badRequest("a JSON object body is required"));
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Result.failed(Problem.badRequest(describe(e)));
        } catch (IOException e) {
            return Result.failed(Problem.badRequest("the request body is not valid JSON"));
        }
        if (tree == null || !tree.isObject()) {
            return Result.failed(Problem.badRequest("the request body must be a JSON object"));
        }
        return Result.ok((ObjectNode) tree);
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what = message.startsWith("Duplicate field") ? "the request body has a duplicate field"
                : "the request body is not valid JSON";
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? what
                : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** {@code application/json}, with no charset or UTF-8 (RFC 8259 section 8.1: JSON is UTF-8). */
    static boolean acceptable(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
