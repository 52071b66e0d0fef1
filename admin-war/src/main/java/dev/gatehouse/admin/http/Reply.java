package dev.gatehouse.admin.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers, as a value: JSON, nothing, a file to download, or a {@link Problem}. Handlers
 * never touch the servlet response, so every reply goes through one writer and one error format.
 */
public sealed interface Reply permits Reply.Json, Reply.Empty, Reply.Bytes, Reply.Download, Problem {
    int status();

    Map<String, String> headers();

    /** A JSON body. */
    record Json(int status, Object body, Map<String, String> headers) implements Reply {
        public Json {
            headers = Map.copyOf(headers);
        }
    }

    /** No body, such as {@code 204}. */
    record Empty(int status, Map<String, String> headers) implements Reply {
        public Empty {
            headers = Map.copyOf(headers);
        }
    }

    /** A body sent exactly as given, such as a document kept as a file. */
    record Bytes(String mediaType, byte[] body) implements Reply {
        @Override
        public int status() {
            return 200;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of();
        }
    }

    /**
     * A body streamed as an attachment (RFC 6266), for exports too large to build in memory. Once the
     * first byte is written the status is sent, so {@code body} reports a failure only by ending early.
     */
    record Download(String mediaType, String fileName, BodyWriter body) implements Reply {
        public Download {
            if (!fileName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a download file name is plain ASCII: " + fileName);
            }
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        }
    }

    /** Writes a download's bytes. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    static Reply ok(Object body) {
        return new Json(200, body, Map.of());
    }

    /** {@code 201} with the new resource's path in {@code Location} (RFC 9110 section 10.2.2). */
    static Reply created(String location, Object body) {
        return new Json(201, body, Map.of("Location", location));
    }

    static Reply noContent() {
        return new Empty(204, Map.of());
    }
}
