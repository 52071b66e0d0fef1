package dev.gatehouse.core.siem;

import dev.gatehouse.core.net.OutboundUrl;
import dev.gatehouse.core.store.RequestRejected;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.regex.Pattern;

/**
 * A sink an admin asks for, checked before anything is stored: the target's form fits the kind (a
 * {@code host:port} for syslog, an {@code https} URL for HTTP sinks; {@code http} only where private
 * addresses are allowed, since the secret would travel in clear), CEF only on syslog, a secret where the
 * receiver needs one and nowhere else, a CA certificate only for syslog over TLS and only one that parses.
 * Refusals are {@link RequestRejected} with words fit to show.
 */
public record NewAuditSink(String name, SinkKind kind, String target, PayloadFormat format, String secret,
                           String caCertificate, String index, StartMode startMode) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern INDEX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");

    /** Checks and normalises; {@code allowPlainHttp}: an {@code http} URL is accepted (private networks allowed). */
    public NewAuditSink checked(boolean allowPlainHttp) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw RequestRejected.invalid("name: 1 to 200 characters");
        }
        if (kind == null) {
            throw RequestRejected.invalid("kind: one of " + SinkKind.wireNames());
        }
        if (target == null || target.isBlank() || target.length() > 2000) {
            throw RequestRejected.invalid(kind.http() ? "url: required, at most 2000 characters"
                    : "target: host:port required");
        }
        String t = target.strip();
        if (kind.http()) {
            url(t, allowPlainHttp);
        } else {
            syslogAddress(t);
        }
        PayloadFormat f = format == null ? PayloadFormat.JSON : format;
        if (f == PayloadFormat.CEF && kind.http()) {
            throw RequestRejected.invalid("format: cef is for syslog sinks; HTTP sinks carry JSON");
        }
        String s = secret == null || secret.isBlank() ? null : secret.strip();
        if (s != null && (s.length() > 2000 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw RequestRejected.invalid("secret: at most 2000 characters, no control characters");
        }
        if (kind == SinkKind.SPLUNK_HEC && s == null) {
            throw RequestRejected.invalid("secret: the HEC token is required for splunk-hec");
        }
        if (!kind.http() && s != null) {
            throw RequestRejected.invalid("secret: syslog sinks take none (use syslog-tls with caCertificate)");
        }
        String ca = caCertificate == null || caCertificate.isBlank() ? null : caCertificate.strip();
        if (ca != null) {
            if (kind != SinkKind.SYSLOG_TLS) {
                throw RequestRejected.invalid("caCertificate: only for syslog-tls");
            }
            certificates(ca);
        }
        String i = index == null || index.isBlank() ? null : index.strip();
        if (i != null && (kind != SinkKind.SPLUNK_HEC && kind != SinkKind.ELASTIC_BULK || !INDEX.matcher(i).matches())) {
            throw RequestRejected.invalid("index: for splunk-hec and elastic-bulk, lower case letters, digits, '.', '_', '-'");
        }
        return new NewAuditSink(name.strip(), kind, t, f, s, ca, i, startMode == null ? StartMode.BEGINNING : startMode);
    }

    /** The syslog target as host and port; {@code host:port} or {@code [v6]:port}. */
    public static HostPort syslogAddress(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || !HOST.matcher(target.substring(0, colon)).matches()) {
            throw RequestRejected.invalid("target: host:port (e.g. siem.example.com:6514)");
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw RequestRejected.invalid("target: the port must be 1 to 65535");
        }
        String host = target.substring(0, colon);
        return new HostPort(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
    }

    /** A syslog receiver's address. */
    public record HostPort(String host, int port) {
    }

    private static void url(String value, boolean allowPlainHttp) {
        OutboundUrl.problem(value, allowPlainHttp, false).ifPresent(p -> {
            throw RequestRejected.invalid("url: " + p);
        });
    }

    private static void certificates(String pem) {
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
                throw RequestRejected.invalid("caCertificate: no certificate in it");
            }
        } catch (CertificateException e) {
            throw RequestRejected.invalid("caCertificate: not PEM X.509 certificates");
        }
    }
}
