package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_oauth_code}: an authorization code, kept only as its SHA-256, bound to the client,
 * redirect URI, resource, grant and PKCE challenge it was issued for; single use ({@code used_at}).
 */
@Entity
@Table(name = "gh_oauth_code")
@NamedQuery(name = "OAuthCode.purge", query = "delete from OAuthCodeEntity c where c.expiresAt < :before")
public class OAuthCodeEntity {
    @Id
    @Column(name = "code_hash", length = 64)
    private String codeHash;
    @Column(name = "client_id", nullable = false, length = 512)
    private String clientId;
    @Column(name = "grant_id", nullable = false, length = 36)
    private String grantId;
    @Column(name = "redirect_uri", nullable = false, length = 2000)
    private String redirectUri;
    @Column(name = "resource", nullable = false, length = 2000)
    private String resource;
    @Column(name = "scope", nullable = false, length = 200)
    private String scope;
    @Column(name = "code_challenge", nullable = false, length = 128)
    private String codeChallenge;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;

    protected OAuthCodeEntity() {
    }

    public OAuthCodeEntity(String codeHash, String clientId, String grantId, String redirectUri, String resource,
                           String scope, String codeChallenge, Instant expiresAt) {
        this.codeHash = codeHash;
        this.clientId = clientId;
        this.grantId = grantId;
        this.redirectUri = redirectUri;
        this.resource = resource;
        this.scope = scope;
        this.codeChallenge = codeChallenge;
        this.expiresAt = expiresAt;
    }

    /** Spends the code; a second use is a replay. */
    public void use(Instant when) {
        this.usedAt = when;
    }

    public String clientId() { return clientId; }
    public String grantId() { return grantId; }
    public String redirectUri() { return redirectUri; }
    public String resource() { return resource; }
    public String scope() { return scope; }
    public String codeChallenge() { return codeChallenge; }
    public Instant expiresAt() { return expiresAt; }
    public Instant usedAt() { return usedAt; }
}
