package dev.gatehouse.core.jpa;

import dev.gatehouse.core.users.OneTimeLink;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code gh_console_user_link}: a one-time link by the SHA-256 of its secret. */
@Entity
@Table(name = "gh_console_user_link")
@NamedQuery(name = "ConsoleUserLink.use", query = "UPDATE ConsoleUserLinkEntity l SET l.usedAt = :now"
        + " WHERE l.secretHash = :hash AND l.usedAt IS NULL AND l.expiresAt > :now")
@NamedQuery(name = "ConsoleUserLink.withdrawOfUser", query = "UPDATE ConsoleUserLinkEntity l SET l.usedAt = :now"
        + " WHERE l.userName = :user AND l.usedAt IS NULL")
@NamedQuery(name = "ConsoleUserLink.deleteOfUser", query = "DELETE FROM ConsoleUserLinkEntity l WHERE l.userName = :user")
public class ConsoleUserLinkEntity {
    @Id
    @Column(name = "secret_hash", length = 64)
    private String secretHash;
    @Column(name = "user_name", nullable = false, length = 100)
    private String userName;
    @Enumerated(EnumType.STRING)
    @Column(name = "purpose", nullable = false, length = 16)
    private OneTimeLink.Purpose purpose;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;

    protected ConsoleUserLinkEntity() {
    }

    public ConsoleUserLinkEntity(String secretHash, String userName, OneTimeLink.Purpose purpose, String createdBy,
                                 Instant createdAt, Instant expiresAt) {
        this.secretHash = secretHash;
        this.userName = userName;
        this.purpose = purpose;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String userName() {
        return userName;
    }

    /** Unused and unexpired at {@code now}. */
    public boolean usableAt(Instant now) {
        return usedAt == null && expiresAt.isAfter(now);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public OneTimeLink.Purpose purpose() {
        return purpose;
    }
}
