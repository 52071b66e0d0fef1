package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Row of {@code gh_upstream_oauth_client}: how Gatehouse is the OAuth client of one upstream server, as
 * discovered (RFC 9728, RFC 8414) and registered (RFC 7591), or as the admin entered it.
 */
@Entity
@Table(name = "gh_upstream_oauth_client")
public class UpstreamOAuthClientEntity {
    @Id
    @Column(name = "server_id", length = 36)
    private String serverId;
    @Column(name = "issuer", length = 2048)
    private String issuer;
    @Column(name = "authorization_endpoint", length = 2048)
    private String authorizationEndpoint;
    @Column(name = "token_endpoint", length = 2048)
    private String tokenEndpoint;
    @Column(name = "registration_endpoint", length = 2048)
    private String registrationEndpoint;
    @Column(name = "revocation_endpoint", length = 2048)
    private String revocationEndpoint;
    @Column(name = "resource", length = 2048)
    private String resource;
    @Column(name = "scope", length = 2000)
    private String scope;
    @Column(name = "client_id", length = 2048)
    private String clientId;
    @Column(name = "client_secret_sealed", length = 4096)
    private String clientSecretSealed;
    @Column(name = "redirect_uri", length = 2048)
    private String redirectUri;
    /** client_secret_basic, client_secret_post or none (V24); null on rows written before. */
    @Column(name = "token_auth_method", length = 32)
    private String tokenAuthMethod;
    @Column(name = "registered", nullable = false)
    private boolean registered;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected UpstreamOAuthClientEntity() {
    }

    UpstreamOAuthClientEntity(String serverId) {
        this.serverId = serverId;
    }

    /** What discovery found (null values keep what is known). */
    void discovered(String newIssuer, String authorization, String token, String registration, String revocation,
                    String newResource, String newScope, Instant now) {
        this.issuer = newIssuer;
        this.authorizationEndpoint = authorization;
        this.tokenEndpoint = token;
        this.registrationEndpoint = registration;
        this.revocationEndpoint = revocation;
        this.resource = newResource;
        this.scope = newScope;
        this.updatedAt = now;
    }

    /** The client id (and secret, sealed) Gatehouse uses with the upstream's authorization server. */
    void client(String id, String secretSealed, String redirect, boolean dynamicallyRegistered, String authMethod, Instant now) {
        this.tokenAuthMethod = authMethod;
        this.clientId = id;
        this.clientSecretSealed = secretSealed;
        this.redirectUri = redirect;
        this.registered = dynamicallyRegistered;
        this.updatedAt = now;
    }

    public String serverId() { return serverId; }
    public String issuer() { return issuer; }
    public String authorizationEndpoint() { return authorizationEndpoint; }
    public String tokenEndpoint() { return tokenEndpoint; }
    public String registrationEndpoint() { return registrationEndpoint; }
    public String revocationEndpoint() { return revocationEndpoint; }
    public String resource() { return resource; }
    public String scope() { return scope; }
    public String clientId() { return clientId; }
    public String clientSecretSealed() { return clientSecretSealed; }
    public String redirectUri() { return redirectUri; }
    public boolean registered() { return registered; }
    public String tokenAuthMethod() { return tokenAuthMethod; }
    public Instant updatedAt() { return updatedAt; }
}
