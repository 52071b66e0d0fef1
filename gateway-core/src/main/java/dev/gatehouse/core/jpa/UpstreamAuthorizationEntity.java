package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_upstream_authorization}: a user's sign-in to an upstream in progress, found by the hash of
 * its {@code state}, bound to the user and to the hash of the console session that started it.
 */
@Entity
@Table(name = "gh_upstream_authorization")
public class UpstreamAuthorizationEntity {
    @Id
    @Column(name = "state_hash", length = 64)
    private String stateHash;
    @Column(name = "server_id", nullable = false, length = 36)
    private String serverId;
    @Column(name = "owner", nullable = false, length = 200)
    private String owner;
    @Column(name = "session_hash", nullable = false, length = 64)
    private String sessionHash;
    @Column(name = "verifier_sealed", nullable = false, length = 4096)
    private String verifierSealed;
    @Column(name = "redirect_uri", nullable = false, length = 2048)
    private String redirectUri;
    @Column(name = "return_to", length = 2048)
    private String returnTo;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected UpstreamAuthorizationEntity() {
    }

    UpstreamAuthorizationEntity(String stateHash, String serverId, String owner, String sessionHash,
                                String verifierSealed, String redirectUri, String returnTo, Instant createdAt,
                                Instant expiresAt) {
        this.stateHash = stateHash;
        this.serverId = serverId;
        this.owner = owner;
        this.sessionHash = sessionHash;
        this.verifierSealed = verifierSealed;
        this.redirectUri = redirectUri;
        this.returnTo = returnTo;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String stateHash() { return stateHash; }
    public String serverId() { return serverId; }
    public String owner() { return owner; }
    public String sessionHash() { return sessionHash; }
    public String verifierSealed() { return verifierSealed; }
    public String redirectUri() { return redirectUri; }
    public String returnTo() { return returnTo; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
}
