package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** Row of {@code gh_upstream_server}; the credential is stored sealed (AES-GCM), never in plain text. */
@Entity
@Table(name = "gh_upstream_server", uniqueConstraints = @UniqueConstraint(name = "uq_gh_server_slug", columnNames = "slug"))
@NamedQuery(name = "UpstreamServer.all", query = "select s from UpstreamServerEntity s order by s.name")
@NamedQuery(name = "UpstreamServer.bySlug", query = "select s from UpstreamServerEntity s where s.slug = :slug")
public class UpstreamServerEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "name", nullable = false, length = 200)
    private String name;
    @Column(name = "slug", nullable = false, length = 64)
    private String slug;
    @Column(name = "url", nullable = false, length = 2048)
    private String url;
    @Column(name = "transport", nullable = false, length = 32)
    private String transport;
    @Column(name = "auth_header_name", length = 200)
    private String authHeaderName;
    @Column(name = "auth_secret_sealed", length = 4096)
    private String authSecretSealed;
    @Column(name = "connect_timeout_ms", nullable = false)
    private long connectTimeoutMillis;
    @Column(name = "read_timeout_ms", nullable = false)
    private long readTimeoutMillis;
    @Column(name = "enabled", nullable = false)
    private boolean enabled;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected UpstreamServerEntity() {
    }

    public UpstreamServerEntity(String id, String name, String slug, String url, String transport,
                                String authHeaderName, String authSecretSealed, long connectTimeoutMillis,
                                long readTimeoutMillis, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.slug = slug;
        this.url = url;
        this.transport = transport;
        this.authHeaderName = authHeaderName;
        this.authSecretSealed = authSecretSealed;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.enabled = true;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public String id() { return id; }
    public String name() { return name; }
    public String slug() { return slug; }
    public String url() { return url; }
    public String transport() { return transport; }
    public String authHeaderName() { return authHeaderName; }
    public String authSecretSealed() { return authSecretSealed; }
    public long connectTimeoutMillis() { return connectTimeoutMillis; }
    public long readTimeoutMillis() { return readTimeoutMillis; }
    public boolean enabled() { return enabled; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }

    /** An admin's edit: each null value stays as it is (the slug never changes). */
    public void edit(String newName, String newUrl, String newTransport, Long newConnectMillis, Long newReadMillis,
                     Boolean newEnabled) {
        if (newName != null) this.name = newName;
        if (newUrl != null) this.url = newUrl;
        if (newTransport != null) this.transport = newTransport;
        if (newConnectMillis != null) this.connectTimeoutMillis = newConnectMillis;
        if (newReadMillis != null) this.readTimeoutMillis = newReadMillis;
        if (newEnabled != null) this.enabled = newEnabled;
    }

    /** Points the server at a new address, e.g. when an embedded upstream comes up on another port. */
    public void relocate(String newUrl) {
        this.url = newUrl;
    }
}
