package dev.gatehouse.core.siem;

import java.time.Instant;
import java.util.Objects;

/**
 * A configured audit sink as the admin sees it: never its secret, only whether it has one.
 *
 * @param target        {@code host:port} for syslog sinks, the base URL for HTTP sinks
 * @param format        the syslog payload; JSON for HTTP sinks
 * @param caCertificate PEM certificates a syslog-over-TLS receiver's certificate must chain to (null: the JVM's trust store)
 * @param index         Elastic index or Splunk index (null: the receiver's default, {@code gatehouse-audit} for Elastic)
 */
public record AuditSink(String id, String name, SinkKind kind, String target, PayloadFormat format, boolean hasSecret,
                        String caCertificate, String index, StartMode startMode, String createdBy, Instant createdAt) {
    public AuditSink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(startMode, "startMode");
    }
}
