package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_oauth_grant}: a user's consent that one client may reach one gateway on their
 * behalf, through the connection (interactive host, gateway) made for it. Remembered until revoked;
 * revoking it refuses every token issued under it from the next request on.
 */
@Entity
@Table(name = "gh_oauth_grant", indexes = @Index(name = "ix_gh_oauth_grant_user", columnList = "user_name"))
@NamedQuery(name = "OAuthGrant.active",
        query = "select g from OAuthGrantEntity g where g.userName = :user and g.clientId = :clientId"
                + " and g.connection.gateway.slug = :slug and g.revokedAt is null")
@NamedQuery(name = "OAuthGrant.ofConnection",
        query = "select g from OAuthGrantEntity g where g.connection.id = :connectionId order by g.createdAt desc")
@NamedQuery(name = "OAuthGrant.activeUsers",
        query = "select distinct g.userName from OAuthGrantEntity g where g.revokedAt is null")
@NamedQuery(name = "OAuthGrant.activeOfUser",
        query = "select g from OAuthGrantEntity g where g.userName = :user and g.revokedAt is null")
@NamedQuery(name = "OAuthGrant.touch",
        query = "update OAuthGrantEntity g set g.lastUsedAt = :when where g.id = :id"
                + " and (g.lastUsedAt is null or g.lastUsedAt < :when)")
@NamedQuery(name = "OAuthGrant.lastUsedByHost",
        query = "select g.connection.host.id, max(g.lastUsedAt) from OAuthGrantEntity g group by g.connection.host.id")
@NamedQuery(name = "OAuthGrant.all", query = "select g from OAuthGrantEntity g order by g.createdAt desc, g.id")
@NamedQuery(name = "OAuthGrant.ofUser",
        query = "select g from OAuthGrantEntity g where g.userName = :user order by g.createdAt desc, g.id")
public class OAuthGrantEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "user_name", nullable = false, length = 200)
    private String userName;
    @Column(name = "client_id", nullable = false, length = 512)
    private String clientId;
    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "connection_id", nullable = false)
    private ConnectionEntity connection;
    @Column(name = "scope", nullable = false, length = 200)
    private String scope;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revoked_by", length = 200)
    private String revokedBy;
    @Column(name = "redirect_uri", length = 2000)
    private String redirectUri;
    @Column(name = "resource", length = 2000)
    private String resource;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected OAuthGrantEntity() {
    }

    public OAuthGrantEntity(String id, String userName, String clientId, ConnectionEntity connection, String scope,
                            Instant createdAt) {
        this.id = id;
        this.userName = userName;
        this.clientId = clientId;
        this.connection = connection;
        this.scope = scope;
        this.createdAt = createdAt;
    }

    /** What the user approved last: a later request differing in any of these asks the user again. */
    public void remember(String approvedRedirectUri, String approvedResource, String approvedScope) {
        this.redirectUri = approvedRedirectUri;
        this.resource = approvedResource;
        this.scope = approvedScope;
    }

    public void revoke(Instant when, String actor) {
        if (revokedAt == null) {
            revokedAt = when;
            revokedBy = actor;
        }
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public String id() { return id; }
    public String userName() { return userName; }
    public String clientId() { return clientId; }
    public ConnectionEntity connection() { return connection; }
    public String scope() { return scope; }
    public Instant createdAt() { return createdAt; }
    public Instant revokedAt() { return revokedAt; }
    public String revokedBy() { return revokedBy; }
    /** The redirect URI the user last approved (null for grants made before it was remembered). */
    public String redirectUri() { return redirectUri; }
    /** The resource (the gateway's canonical URL) the user last approved. */
    public String resource() { return resource; }
    public Instant lastUsedAt() { return lastUsedAt; }
}
