package dev.gatehouse.gateway.mcp;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a request body up to a bound, whether or not the client declared its length (a chunked body
 * is counted as it arrives), so no client can make the gateway buffer more than the bound.
 */
public final class BodyReader {
    private final long max;

    public BodyReader(long max) {
        this.max = max;
    }

    public long max() {
        return max;
    }

    /** The body, or empty when it exceeds the bound. */
    public Optional<byte[]> read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > max) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(request.getContentLengthLong(), 256), max));
        byte[] buffer = new byte[8192];
        InputStream in = request.getInputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (out.size() + (long) n > max) {
                return Optional.empty();
            }
            out.write(buffer, 0, n);
        }
        return Optional.of(out.toByteArray());
    }
}
