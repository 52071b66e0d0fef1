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
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * Row of {@code gh_oauth_token}: an access or refresh token, kept only as its SHA-256 (the lookup key:
 * the token carries 238 random bits, so its hash is as unguessable as the token). Bound to the grant
 * and its resource (RFC 8707).
 */
@Entity
@Table(name = "gh_oauth_token",
        uniqueConstraints = @UniqueConstraint(name = "uq_gh_oauth_token_hash", columnNames = "token_hash"),
        indexes = @Index(name = "ix_gh_oauth_token_grant", columnList = "grant_id"))
@NamedQuery(name = "OAuthToken.byHash", query = "select t from OAuthTokenEntity t where t.tokenHash = :hash")
@NamedQuery(name = "OAuthToken.revokeOfGrant",
        query = "update OAuthTokenEntity t set t.revokedAt = :when where t.grant.id = :grantId"
                + " and (t.revokedAt is null or t.revokedAt > :when)")
@NamedQuery(name = "OAuthToken.revokeLiveOfGrant",
        query = "update OAuthTokenEntity t set t.revokedAt = :when where t.grant.id = :grantId"
                + " and t.expiresAt > :when and (t.revokedAt is null or t.revokedAt > :when)")
@NamedQuery(name = "OAuthToken.liveByUser",
        query = "select g.userName, count(t) from OAuthTokenEntity t join t.grant g where g.revokedAt is null"
                + " and (t.revokedAt is null or t.revokedAt > :now) and t.expiresAt > :now"
                + " and g.connection.deletedAt is null and g.connection.host.deletedAt is null group by g.userName")
@NamedQuery(name = "OAuthToken.purge", query = "delete from OAuthTokenEntity t where t.expiresAt < :before")
public class OAuthTokenEntity {
    public static final String ACCESS = "ACCESS";
    public static final String REFRESH = "REFRESH";

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;
    @Column(name = "public_id", nullable = false, length = 16)
    private String publicId;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "grant_id", nullable = false)
    private OAuthGrantEntity grant;
    @Column(name = "resource", nullable = false, length = 2000)
    private String resource;
    @Column(name = "scope", nullable = false, length = 200)
    private String scope;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "replaced_by", length = 36)
    private String replacedBy;

    protected OAuthTokenEntity() {
    }

    public OAuthTokenEntity(String id, String tokenHash, String publicId, String kind, OAuthGrantEntity grant,
                            String resource, String scope, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.tokenHash = tokenHash;
        this.publicId = publicId;
        this.kind = kind;
        this.grant = grant;
        this.resource = resource;
        this.scope = scope;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** Ends validity at {@code when}; an earlier end already set stands. */
    public void revoke(Instant when) {
        if (revokedAt == null || when.isBefore(revokedAt)) {
            revokedAt = when;
        }
    }

    /** A rotation: the old refresh token stays usable until {@code until} (the grace window), then is revoked. */
    public void replaceBy(String newId, Instant until) {
        if (replacedBy == null) {
            replacedBy = newId;
        }
        revoke(until);
    }

    public boolean isValidAt(Instant now) {
        return (revokedAt == null || revokedAt.isAfter(now)) && expiresAt.isAfter(now);
    }

    public String id() { return id; }
    public String publicId() { return publicId; }
    public String kind() { return kind; }
    public OAuthGrantEntity grant() { return grant; }
    public String resource() { return resource; }
    public String scope() { return scope; }
    public Instant expiresAt() { return expiresAt; }
    public Instant revokedAt() { return revokedAt; }
    /** The id of the token that replaced this refresh token when it rotated, or null. */
    public String replacedBy() { return replacedBy; }
}
