package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_upstream_identity}: one credential Gatehouse presents to one upstream server, owned by one
 * user (null: the server's shared identity, whose id is the server's id). Secrets are stored sealed only.
 */
@Entity
@Table(name = "gh_upstream_identity")
@NamedQuery(name = "UpstreamIdentity.all", query = "select i from UpstreamIdentityEntity i order by i.owner, i.createdAt")
@NamedQuery(name = "UpstreamIdentity.ofOwner",
        query = "select i from UpstreamIdentityEntity i where i.owner = :owner order by i.createdAt")
@NamedQuery(name = "UpstreamIdentity.ofOwnerAndServer",
        query = "select i from UpstreamIdentityEntity i where i.owner = :owner and i.serverId = :server")
@NamedQuery(name = "UpstreamIdentity.ofOwnerForServers",
        query = "select i from UpstreamIdentityEntity i where i.owner = :owner and i.serverId in :servers")
public class UpstreamIdentityEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "server_id", nullable = false, length = 36)
    private String serverId;
    @Column(name = "owner", length = 200)
    private String owner;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @Column(name = "status", nullable = false, length = 32)
    private String status;
    @Column(name = "header_name", length = 200)
    private String headerName;
    @Column(name = "secret_sealed", length = 8192)
    private String secretSealed;
    @Column(name = "refresh_sealed", length = 8192)
    private String refreshSealed;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "subject", length = 500)
    private String subject;
    @Column(name = "client_id", length = 2048)
    private String clientId;
    @Column(name = "scope", length = 2000)
    private String scope;
    @Column(name = "wanted_scope", length = 2000)
    private String wantedScope;
    @Column(name = "token_endpoint", length = 2048)
    private String tokenEndpoint;
    @Column(name = "revocation_endpoint", length = 2048)
    private String revocationEndpoint;
    @Column(name = "version", nullable = false)
    private long version;
    @Column(name = "refreshing_until")
    private Instant refreshingUntil;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected UpstreamIdentityEntity() {
    }

    private UpstreamIdentityEntity(String id, String serverId, String owner, String kind, String headerName,
                                   String createdBy, Instant now) {
        this.id = id;
        this.serverId = serverId;
        this.owner = owner;
        this.kind = kind;
        this.status = "ACTIVE";
        this.headerName = headerName;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A personal secret (or the shared one) sent in {@code headerName}. */
    static UpstreamIdentityEntity secret(String id, String serverId, String owner, String headerName, String sealed,
                                         String createdBy, Instant now) {
        UpstreamIdentityEntity e = new UpstreamIdentityEntity(id, serverId, owner, "SECRET", headerName, createdBy, now);
        e.secretSealed = sealed;
        return e;
    }

    /** An OAuth grant: the tokens as the upstream's token endpoint issued them, sealed ({@link #tokens}). */
    static UpstreamIdentityEntity oauth(String id, String serverId, String owner, String createdBy, Instant now) {
        return new UpstreamIdentityEntity(id, serverId, owner, "OAUTH", "Authorization", createdBy, now);
    }

    /** Stores freshly issued tokens (an authorization or a refresh); a refresh token left out keeps the old one. */
    void tokens(String accessSealed, String newRefreshSealed, Instant expires, String grantedScope, String client,
                String tokenUrl, String revocationUrl, String upstreamSubject, Instant now) {
        this.secretSealed = accessSealed;
        if (newRefreshSealed != null) {
            this.refreshSealed = newRefreshSealed;
        }
        this.expiresAt = expires;
        this.scope = grantedScope == null ? this.scope : grantedScope;
        this.clientId = client == null ? this.clientId : client;
        this.tokenEndpoint = tokenUrl == null ? this.tokenEndpoint : tokenUrl;
        this.revocationEndpoint = revocationUrl == null ? this.revocationEndpoint : revocationUrl;
        this.subject = upstreamSubject == null ? this.subject : upstreamSubject;
        this.status = "ACTIVE";
        this.wantedScope = null;
        this.refreshingUntil = null;
        this.version++;
        this.updatedAt = now;
    }

    /** The upstream asked for more scope than this grant has: its owner signs in again, asking for {@code wanted}. */
    void wantScope(String wanted, Instant now) {
        status("NEEDS_REAUTHORIZATION", now);
        this.wantedScope = wanted;
    }

    /** Replaces the secret of a secret identity. */
    void replaceSecret(String headerName, String sealed, Instant now) {
        this.headerName = headerName;
        this.secretSealed = sealed;
        this.status = "ACTIVE";
        this.version++;
        this.updatedAt = now;
    }

    void status(String newStatus, Instant now) {
        this.status = newStatus;
        this.refreshingUntil = null;
        this.version++;
        this.updatedAt = now;
    }

    /** Claims the one refresh of this identity until {@code until}; the claim is the row's version. */
    void claimRefresh(Instant until) {
        this.refreshingUntil = until;
        this.version++;
    }

    public String id() { return id; }
    public String serverId() { return serverId; }
    public String owner() { return owner; }
    public String kind() { return kind; }
    public String status() { return status; }
    public String headerName() { return headerName; }
    public String secretSealed() { return secretSealed; }
    public String refreshSealed() { return refreshSealed; }
    public Instant expiresAt() { return expiresAt; }
    public String subject() { return subject; }
    public String clientId() { return clientId; }
    public String scope() { return scope; }
    public String wantedScope() { return wantedScope; }
    public String tokenEndpoint() { return tokenEndpoint; }
    public String revocationEndpoint() { return revocationEndpoint; }
    public long version() { return version; }
    public Instant refreshingUntil() { return refreshingUntil; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
