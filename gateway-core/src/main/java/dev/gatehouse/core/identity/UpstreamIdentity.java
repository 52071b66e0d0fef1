package dev.gatehouse.core.identity;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An upstream identity as the admin API shows it: whose, for which server, of which kind and how it stands;
 * never its secret. {@code owner} is null for a server's shared identity (the service account).
 *
 * @param subject     the upstream subject or client the identity acts as, when known
 * @param wantedScope the scope its next sign-in asks for, after the upstream asked for more (a step-up); else null
 */
public record UpstreamIdentity(String id, String serverId, String serverSlug, String owner, Kind kind, Status status,
                               String headerName, Instant expiresAt, String subject, String clientId, String scope,
                               boolean refreshable, String createdBy, Instant createdAt, Instant updatedAt,
                               String wantedScope) {
    /** A personal (or shared) secret sent in a header, or an OAuth grant Gatehouse holds as the upstream's client. */
    public enum Kind {
        SECRET, OAUTH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether calls may use it; {@code needs-reauthorization} after the upstream refused a refresh or revoked it. */
    public enum Status {
        ACTIVE, DISABLED, NEEDS_REAUTHORIZATION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public UpstreamIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
    }

    public boolean shared() {
        return owner == null;
    }
}
