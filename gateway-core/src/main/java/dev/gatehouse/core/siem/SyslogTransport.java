package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.net.OutboundHttp;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

/**
 * RFC 5424 messages over TCP (RFC 6587, octet counting) or TLS (RFC 5425). The receiver's name is
 * resolved once through {@link OutboundHttp#checkedAddresses} (the SSRF guard: only globally reachable
 * addresses unless the deployment allows private ones) and the connection goes to a checked address. TLS
 * verifies the receiver's certificate against the host name, chained to the sink's CA certificates or
 * else to the JVM's trust store; TLS 1.2 or later.
 */
final class SyslogTransport implements SinkTransport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int WRITE_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final OutputStream out;
    private final PayloadFormat format;

    private SyslogTransport(Socket socket, PayloadFormat format) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.format = format;
    }

    /** Connects to the sink's receiver. */
    static SyslogTransport connect(AuditSink sink, OutboundHttp guard) throws IOException {
        NewAuditSink.HostPort address = NewAuditSink.syslogAddress(sink.target());
        List<InetAddress> addresses = guard.checkedAddresses(address.host());
        Socket socket = null;
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(a, address.port()), (int) CONNECT_TIMEOUT.toMillis());
                socket = s;
                break;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        if (socket == null) {
            throw last != null ? last : new IOException("no address to connect to");
        }
        try {
            socket.setSoTimeout(WRITE_TIMEOUT_MS);
            socket.setKeepAlive(true);
            Socket channel = sink.kind() == SinkKind.SYSLOG_TLS ? tls(socket, address, sink.caCertificate()) : socket;
            return new SyslogTransport(channel, sink.format());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket tls(Socket socket, NewAuditSink.HostPort address, String caPem) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, caPem == null ? null : trust(caPem).getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS could not be set up: " + e.getMessage(), e);
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, address.host(), address.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the receiver
        parameters.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
        if (!address.host().contains(":") && !address.host().matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(address.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static TrustManagerFactory trust(String pem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("ca-" + n++, c);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream(batch.size() * 600);
        for (AuditEvent e : batch) {
            frames.write(SyslogMessage.framed(e, format));
        }
        out.write(frames.toByteArray());
        out.flush();
    }

    @Override
    public boolean acknowledges() {
        return false;
    }

    /** Reads with a 1 ms timeout: a closed or reset connection shows, a live one times out (receivers send nothing). */
    @Override
    public boolean open() {
        if (socket.isClosed()) {
            return false;
        }
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                socket.setSoTimeout(WRITE_TIMEOUT_MS);
            } catch (IOException e) {
                // closed meanwhile: the next send fails
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
