package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Row of {@code gh_oauth_client}: a client registered dynamically (RFC 7591) or known by its Client ID
 * Metadata Document (then the id is the document's URL and the row caches what it said). The
 * interactive host is created on the client's first approved connection.
 */
@Entity
@Table(name = "gh_oauth_client")
@NamedQuery(name = "OAuthClient.purgeUnused",
        query = "delete from OAuthClientEntity c where c.hostId is null and c.createdAt < :before")
@NamedQuery(name = "OAuthClient.countUnused",
        query = "select count(c) from OAuthClientEntity c where c.hostId is null and c.kind = :kind")
@NamedQuery(name = "OAuthClient.oldestUnused",
        query = "select min(c.createdAt) from OAuthClientEntity c where c.hostId is null and c.kind = :kind")
public class OAuthClientEntity {
    @Id
    @Column(name = "client_id", length = 512)
    private String clientId;
    @Column(name = "kind", nullable = false, length = 16)
    private String kind;
    @Column(name = "client_name", nullable = false, length = 200)
    private String clientName;
    @Column(name = "redirect_uris", nullable = false, length = 8000)
    private String redirectUris;
    @Column(name = "host_id", length = 36)
    private String hostId;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected OAuthClientEntity() {
    }

    public OAuthClientEntity(String clientId, String kind, String clientName, List<String> redirectUris, Instant createdAt) {
        this.clientId = clientId;
        this.kind = kind;
        this.clientName = clientName;
        this.redirectUris = String.join("\n", redirectUris);
        this.createdAt = createdAt;
    }

    /** What a refreshed metadata document now says. */
    public void describe(String name, List<String> uris) {
        this.clientName = name;
        this.redirectUris = String.join("\n", uris);
    }

    public void attachHost(String id) {
        this.hostId = id;
    }

    public String clientId() { return clientId; }
    public String kind() { return kind; }
    public String clientName() { return clientName; }
    public List<String> redirectUris() { return redirectUris.isEmpty() ? List.of() : Arrays.asList(redirectUris.split("\n")); }
    public String hostId() { return hostId; }
    public Instant createdAt() { return createdAt; }
}
