package dev.gatehouse.core.runtime;

import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.session.SessionLimit;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings parsed once at start into an immutable value; a bad value fails the start with a clear
 * message instead of surfacing on the first request.
 *
 * @param nodeId           names this node's audit chain; stable across restarts of the same node
 * @param auditChainKey    HMAC key of the audit hash chain, kept outside the database
 * @param sealingKey       base64 AES-256 key that seals upstream credentials at rest
 * @param durableAuditWait how long a call may wait for its audit record before it is refused
 * @param maxRequestBytes  largest JSON-RPC request body accepted on the MCP endpoint
 * @param allowedOrigins   browser origins allowed to call the MCP endpoint (absent Origin is always fine)
 * @param publicBaseUrl    the server's public URL (scheme, host, port, optional path) as clients reach it
 *                         through proxies, e.g. {@code https://mcp.example.com}; absolute URLs the gateway
 *                         advertises are built on it. Null: built from each request's scheme, host and port
 * @param maxSessionsPerConnection live MCP sessions one connection may hold ({@code max-sessions-per-connection},
 *                         see {@link SessionLimit}): idle ones are evicted first, beyond that 429
 * @param auditStorage     where audit records are written before the caller goes on ({@code audit-durability},
 *                         {@code audit-journal}, {@code audit-journal-max-mb}); null means the database alone
 * @param retiredKeys      keys a re-key replaced, kept to open and verify what they made
 */
public record GatehouseSettings(String nodeId, byte[] auditChainKey, String sealingKey, Duration durableAuditWait,
                                long maxRequestBytes, List<String> allowedOrigins, URI publicBaseUrl,
                                int maxSessionsPerConnection, AuditStorage auditStorage, RetiredKeys retiredKeys) {
    public GatehouseSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(auditChainKey, "auditChainKey");
        Objects.requireNonNull(sealingKey, "sealingKey");
        Objects.requireNonNull(durableAuditWait, "durableAuditWait");
        if (nodeId.isBlank() || nodeId.length() > 64) {
            throw new IllegalArgumentException("gatehouse node id must be 1 to 64 characters");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("gatehouse max request size must be at least 1024 bytes");
        }
        if (maxSessionsPerConnection < 1 || maxSessionsPerConnection > SessionLimit.MAX_PER_CONNECTION) {
            throw new IllegalArgumentException("gatehouse max-sessions-per-connection must be from 1 to "
                    + SessionLimit.MAX_PER_CONNECTION + ": " + maxSessionsPerConnection);
        }
        auditChainKey = auditChainKey.clone();
        auditStorage = auditStorage == null ? AuditStorage.database() : auditStorage;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        publicBaseUrl = publicBaseUrl == null ? null : checkedBaseUrl(publicBaseUrl);
        retiredKeys = retiredKeys == null ? RetiredKeys.NONE : retiredKeys;
    }

    /** Settings whose audit records go to the database alone, without retired keys. */
    public GatehouseSettings(String nodeId, byte[] auditChainKey, String sealingKey, Duration durableAuditWait,
                             long maxRequestBytes, List<String> allowedOrigins, URI publicBaseUrl,
                             int maxSessionsPerConnection) {
        this(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes, allowedOrigins, publicBaseUrl,
                maxSessionsPerConnection, null, RetiredKeys.NONE);
    }

    /** Settings with the default session cap. */
    public GatehouseSettings(String nodeId, byte[] auditChainKey, String sealingKey, Duration durableAuditWait,
                             long maxRequestBytes, List<String> allowedOrigins, URI publicBaseUrl) {
        this(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes, allowedOrigins, publicBaseUrl,
                SessionLimit.DEFAULT_MAX_PER_CONNECTION);
    }

    /** Settings without a public base URL (absolute URLs follow each request). */
    public GatehouseSettings(String nodeId, byte[] auditChainKey, String sealingKey, Duration durableAuditWait,
                             long maxRequestBytes, List<String> allowedOrigins) {
        this(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes, allowedOrigins, null);
    }

    /** The same settings for another audit chain name. */
    public GatehouseSettings withNodeId(String otherNodeId) {
        return new GatehouseSettings(otherNodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes,
                allowedOrigins, publicBaseUrl, maxSessionsPerConnection, auditStorage, retiredKeys);
    }

    /** The same settings with another session cap. */
    public GatehouseSettings withMaxSessionsPerConnection(int max) {
        return new GatehouseSettings(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes,
                allowedOrigins, publicBaseUrl, max, auditStorage, retiredKeys);
    }

    /** The same settings with another audit storage (durability mode and journal folder). */
    public GatehouseSettings withAuditStorage(AuditStorage storage) {
        return new GatehouseSettings(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes,
                allowedOrigins, publicBaseUrl, maxSessionsPerConnection, storage, retiredKeys);
    }

    /** The same settings with {@code retired} keys kept beside the current ones. */
    public GatehouseSettings withRetiredKeys(RetiredKeys retired) {
        return new GatehouseSettings(nodeId, auditChainKey, sealingKey, durableAuditWait, maxRequestBytes,
                allowedOrigins, publicBaseUrl, maxSessionsPerConnection, auditStorage, retired);
    }

    public static final long DEFAULT_MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    public static final Duration DEFAULT_DURABLE_AUDIT_WAIT = Duration.ofSeconds(5);

    /** Parses the {@code public-base-url} setting; a bad value fails the start with this message. */
    public static URI parseBaseUrl(String value) {
        try {
            return checkedBaseUrl(new URI(value.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("gatehouse public-base-url is not a URL: " + value);
        }
    }

    private static URI checkedBaseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "gatehouse public-base-url must be an absolute http(s) URL without query, fragment or credentials: " + url);
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    @Override
    public byte[] auditChainKey() {
        return auditChainKey.clone();
    }

    @Override
    public String toString() {
        return "GatehouseSettings[node=" + nodeId + ", maxRequestBytes=" + maxRequestBytes
                + ", maxSessionsPerConnection=" + maxSessionsPerConnection + ", audit=" + auditStorage.durability().wireName() + "]";
    }
}
