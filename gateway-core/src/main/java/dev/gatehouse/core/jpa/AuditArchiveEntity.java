package dev.gatehouse.core.jpa;

import dev.gatehouse.core.retention.ArchiveManifest;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_audit_archive}: an archive retention wrote before deleting the records it holds. */
@Entity
@Table(name = "gh_audit_archive")
@NamedQuery(name = "AuditArchive.all", query = "select a from AuditArchiveEntity a order by a.createdAt desc, a.id")
public class AuditArchiveEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "file_name", nullable = false, length = 300)
    private String fileName;
    @Column(name = "file_sha256", nullable = false, length = 64)
    private String fileSha256;
    @Column(name = "records", nullable = false)
    private Long records;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "signature", nullable = false, length = 64)
    private String signature;

    protected AuditArchiveEntity() {
    }

    public AuditArchiveEntity(ArchiveManifest m) {
        this.id = m.id();
        this.fileName = m.fileName();
        this.fileSha256 = m.fileSha256();
        this.records = m.records();
        this.createdBy = m.createdBy();
        this.createdAt = m.createdAt();
        this.signature = m.signature();
    }

    public String id() { return id; }
    public String fileName() { return fileName; }
    public String fileSha256() { return fileSha256; }
    public long records() { return records; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public String signature() { return signature; }
}
