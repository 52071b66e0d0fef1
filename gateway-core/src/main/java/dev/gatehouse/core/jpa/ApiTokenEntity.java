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
 * Row of {@code gh_api_token}: the public id (unique, indexed lookup key) and the SHA-256 of the
 * token. The plain token is never stored.
 */
@Entity
@Table(name = "gh_api_token",
        uniqueConstraints = @UniqueConstraint(name = "uq_gh_token_public_id", columnNames = "public_id"),
        indexes = @Index(name = "ix_gh_token_connection", columnList = "connection_id"))
@NamedQuery(name = "ApiToken.byPublicId", query = "select t from ApiTokenEntity t where t.publicId = :publicId")
@NamedQuery(name = "ApiToken.ofConnection",
        query = "select t from ApiTokenEntity t where t.connection.id = :connectionId order by t.createdAt desc")
@NamedQuery(name = "ApiToken.revokeOfConnection",
        query = "update ApiTokenEntity t set t.revokedAt = :when where t.connection.id = :connectionId and t.revokedAt is null")
@NamedQuery(name = "ApiToken.revokeOfHost",
        query = "update ApiTokenEntity t set t.revokedAt = :when where t.revokedAt is null and t.connection.id in "
                + "(select c.id from ConnectionEntity c where c.host.id = :hostId)")
@NamedQuery(name = "ApiToken.revokeIssuedBy",
        query = "update ApiTokenEntity t set t.revokedAt = :when where t.createdBy = :user"
                + " and (t.revokedAt is null or t.revokedAt > :when) and (t.expiresAt is null or t.expiresAt > :when)")
@NamedQuery(name = "ApiToken.activeIssuers",
        query = "select t.createdBy, count(t) from ApiTokenEntity t where t.createdBy is not null"
                + " and (t.revokedAt is null or t.revokedAt > :now) and (t.expiresAt is null or t.expiresAt > :now)"
                + " and t.connection.deletedAt is null and t.connection.host.deletedAt is null"
                + " group by t.createdBy order by t.createdBy")
@NamedQuery(name = "ApiToken.lastUsedByHost",
        query = "select t.connection.host.id, max(t.lastUsedAt) from ApiTokenEntity t"
                + " where t.connection.deletedAt is null group by t.connection.host.id")
@NamedQuery(name = "ApiToken.touch",
        query = "update ApiTokenEntity t set t.lastUsedAt = :when where t.publicId = :publicId "
                + "and (t.lastUsedAt is null or t.lastUsedAt < :when)")
public class ApiTokenEntity {
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @ManyToOne(optional = false, fetch = FetchType.EAGER)
    @JoinColumn(name = "connection_id", nullable = false)
    private ConnectionEntity connection;
    @Column(name = "public_id", nullable = false, length = 16)
    private String publicId;
    @Column(name = "secret_hash", nullable = false, length = 64)
    private String secretHash;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "replaced_by", length = 36)
    private String replacedBy;

    protected ApiTokenEntity() {
    }

    public ApiTokenEntity(String id, ConnectionEntity connection, String publicId, String secretHash,
                          String createdBy, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.connection = connection;
        this.publicId = publicId;
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /**
     * Ends this token's validity at {@code when}: now for a revocation, later for the grace period of a
     * rotation. An earlier end already set stands, so a revocation can shorten a grace period but nothing
     * lengthens one.
     */
    public void revoke(Instant when) {
        if (revokedAt == null || when.isBefore(revokedAt)) {
            revokedAt = when;
        }
    }

    /** Marks this token as replaced by a rotation: it stays valid until {@code until}, then counts as revoked. */
    public void replaceBy(String newTokenId, Instant until) {
        if (replacedBy == null) {
            replacedBy = newTokenId;
        }
        revoke(until);
    }

    /** True while neither revoked nor expired as of {@code now}; a revocation time still ahead is a grace period. */
    public boolean isValidAt(Instant now) {
        return (revokedAt == null || revokedAt.isAfter(now)) && (expiresAt == null || expiresAt.isAfter(now));
    }

    public String id() { return id; }
    public ConnectionEntity connection() { return connection; }
    public String publicId() { return publicId; }
    public String secretHash() { return secretHash; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant revokedAt() { return revokedAt; }
    public String replacedBy() { return replacedBy; }
}
