package dev.gatehouse.core.net;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests to URLs that come from outside (Client ID Metadata Documents, webhook rule engines),
 * guarded against server-side request forgery: the host name is resolved once, every address it
 * resolves to must be globally reachable ({@link SpecialPurposeAddresses}), and the connection is made
 * to one of those checked addresses, so a name that rebinds between the check and the connection
 * (DNS rebinding) changes nothing. TLS still verifies the certificate against the host name (SNI and
 * endpoint identification). Redirects are never followed: a 3xx is an answer like any other status, so
 * no redirect can lead to a non-public address. The whole exchange has one deadline and the body a cap.
 * <p>
 * {@code allowPrivate} lifts the address rule (never the rest) for deployments that call their own
 * internal services on purpose; it is an explicit setting of each caller.
 */
public final class OutboundHttp {
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final boolean allowPrivate;
    private final Resolver resolver;

    /** Name resolution, replaceable in tests (a name that resolves to a private address). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    /**
     * An answer: status, body (at most the caller's cap) and its {@code WWW-Authenticate} challenge, if any
     * (what an OAuth client of an MCP server reads from a 401: RFC 9728 section 5.1).
     */
    public record Response(int status, byte[] body, String wwwAuthenticate) {
        public Response(int status, byte[] body) {
            this(status, body, null);
        }
    }

    /** The URL's host resolves to an address that is not globally reachable: nothing was sent. */
    public static final class AddressRefused extends IOException {
        public AddressRefused(String message) {
            super(message);
        }
    }

    /** The answer's body was larger than the caller's cap. */
    public static final class BodyTooLarge extends IOException {
        public BodyTooLarge(int max) {
            super("the answer is larger than " + max + " bytes");
        }
    }

    public OutboundHttp(boolean allowPrivate) {
        this(allowPrivate, Resolver.SYSTEM);
    }

    public OutboundHttp(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * The addresses {@code host} resolves to, each checked: refused when any one of them is not globally
     * reachable (a name with one private address among public ones is as dangerous as a private name).
     */
    public List<InetAddress> checkedAddresses(String host) throws IOException {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("the host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException("the host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                SpecialPurposeAddresses.Verdict verdict = SpecialPurposeAddresses.classify(a);
                if (!verdict.allowed()) {
                    throw new AddressRefused("the host " + host + " resolves to a non-public address "
                            + verdict.describe());
                }
            }
        }
        return addresses;
    }

    /** Sends one request to {@code url} and reads its answer, within {@code timeout} in all. */
    public Response send(String method, URI url, Map<String, String> headers, byte[] body, Duration timeout,
                         int maxBodyBytes) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IOException("not an http(s) URL");
        }
        String host = bare(url.getHost());
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        List<InetAddress> addresses = checkedAddresses(host);
        try (Socket socket = connect(addresses, port, deadline)) {
            Socket channel = scheme.equals("https") ? tls(socket, host, port, deadline) : socket;
            write(channel.getOutputStream(), method, url, headers, body);
            return read(channel, deadline, maxBodyBytes);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
        }
    }

    /** Connects to the first checked address that accepts: never to a fresh resolution of the name. */
    private static Socket connect(List<InetAddress> addresses, int port, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
                if (e instanceof SocketTimeoutException) {
                    break;
                }
            }
        }
        throw last;
    }

    private static Socket tls(Socket socket, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        if (!host.contains(":") && !host.matches("[0-9.]+")) { // SNI names a host, never an address
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static void write(OutputStream out, String method, URI url, Map<String, String> headers, byte[] body)
            throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        StringBuilder head = new StringBuilder(method).append(' ').append(path)
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getRawAuthority()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private static Response read(Socket socket, long deadline, int maxBodyBytes) throws IOException {
        InputStream in = new DeadlineInput(socket, deadline);
        String[] lines = head(in).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer");
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status");
        }
        long length = -1;
        boolean chunked = false;
        String challenge = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("www-authenticate") && challenge == null) {
                challenge = value;
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length");
                }
            }
        }
        byte[] body = chunked ? chunked(in, maxBodyBytes) : length >= 0 ? exactly(in, length, maxBodyBytes)
                : upTo(in, maxBodyBytes);
        return new Response(code, body, challenge);
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed before the answer's head ended");
            }
            head.write(c);
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : c == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("the answer's head is larger than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] exactly(InputStream in, long length, int max) throws IOException {
        if (length > max) {
            throw new BodyTooLarge(max);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("the connection closed inside the answer's body");
        }
        return body;
    }

    private static byte[] upTo(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new BodyTooLarge(max);
        }
        return body;
    }

    private static byte[] chunked(InputStream in, int max) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = line(in);
            int semicolon = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? line.substring(0, semicolon) : line).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                return body.toByteArray();
            }
            if (body.size() + size > max) {
                throw new BodyTooLarge(max);
            }
            body.write(exactly(in, size, max));
            line(in); // the CRLF after the chunk
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || line.length() > 1024) {
                throw new IOException("bad chunked body");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int remainingMillis(long deadline) throws HttpTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new HttpTimeoutException("the deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Reads with the socket's timeout set to what is left of the deadline before every read. */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read(b, off, len);
        }
    }
}
