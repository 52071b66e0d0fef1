package dev.gatehouse.core.jpa;

import dev.gatehouse.core.siem.AuditSink;
import dev.gatehouse.core.siem.PayloadFormat;
import dev.gatehouse.core.siem.SinkKind;
import dev.gatehouse.core.siem.StartMode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_audit_sink}: one place the audit trail is streamed to. The secret stays sealed here. */
@Entity
@Table(name = "gh_audit_sink")
@NamedQuery(name = "AuditSink.all", query = "select s from AuditSinkEntity s order by s.createdAt, s.id")
public class AuditSinkEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @Column(name = "target", nullable = false, length = 2000)
    private String target;
    @Column(name = "payload_format", nullable = false, length = 8)
    private String format;
    @Column(name = "sealed_secret", length = 4000)
    private String sealedSecret;
    @Column(name = "ca_certificate", length = 20000)
    private String caCertificate;
    @Column(name = "index_name", length = 200)
    private String index;
    @Column(name = "start_mode", nullable = false, length = 16)
    private String startMode;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AuditSinkEntity() {
    }

    public AuditSinkEntity(AuditSink sink, String sealedSecret) {
        this.id = sink.id();
        this.name = sink.name();
        this.kind = sink.kind().wireName();
        this.target = sink.target();
        this.format = sink.format().wireName();
        this.sealedSecret = sealedSecret;
        this.caCertificate = sink.caCertificate();
        this.index = sink.index();
        this.startMode = sink.startMode().wireName();
        this.createdBy = sink.createdBy();
        this.createdAt = sink.createdAt();
    }

    public String sealedSecret() {
        return sealedSecret;
    }

    public AuditSink toRecord() {
        return new AuditSink(id, name, SinkKind.fromWire(kind).orElseThrow(), target,
                PayloadFormat.fromWire(format).orElseThrow(), sealedSecret != null, caCertificate, index,
                StartMode.fromWire(startMode).orElseThrow(), createdBy, createdAt);
    }
}
