package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.PrefixMode;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.EditedServer;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.Publication;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.store.ServerEdit;
import dev.gatehouse.core.store.Validate;
import jakarta.persistence.EntityManager;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Gateways and upstream servers in JPA; the one place entities become records for this part of the model. */
public final class JpaGatewayCatalog implements GatewayCatalog {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);

    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final java.util.regex.Pattern SEPARATOR = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,4}");

    /** A gateway record as of a catalog version. */
    private record Known(long version, Gateway gateway) {
    }

    /** More gateways than any deployment has; only existing gateways are kept, so the bound is a safety net. */
    private static final int MAX_KNOWN = 10_000;

    private final Transactions tx;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final SecretBox secrets;
    private final Clock clock;

    public JpaGatewayCatalog(Transactions tx, SecretBox secrets, Clock clock) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public List<Gateway> gateways() {
        return tx.read(em -> em.createNamedQuery("Gateway.all", GatewayEntity.class).getResultList()
                .stream().map(e -> toRecord(em, e)).toList());
    }

    /**
     * Read on every MCP request: answered from this node's memory while the catalog's version row is unchanged
     * (one primary-key read), from the database when any node has changed the catalog since.
     */
    @Override
    public Optional<Gateway> gateway(String slug) {
        if (slug == null) {
            return Optional.empty();
        }
        long version = CatalogVersion.current(tx); // first: older data is never tagged with a newer number
        Known cached = known.get(slug);
        if (cached != null && cached.version() == version) {
            return Optional.of(cached.gateway());
        }
        return tx.read(em -> {
            Optional<Gateway> gateway = gatewayEntity(em, slug).map(e -> toRecord(em, e));
            if (gateway.isPresent()) {
                if (this.known.size() >= MAX_KNOWN) {
                    this.known.clear();
                }
                this.known.put(slug, new Known(version, gateway.get()));
            }
            return gateway;
        });
    }

    /** Every catalog write raises the version row in the same transaction, so no node keeps a stale gateway. */
    private <T> T write(Function<EntityManager, T> work) {
        return tx.inTransaction(em -> {
            T result = work.apply(em);
            CatalogVersion.raise(em);
            return result;
        });
    }

    @Override
    public Gateway createGateway(NewGateway spec, String actor) {
        String name = Validate.text("name", spec.name(), Validate.MAX_NAME);
        String slug = spec.slug() == null ? Validate.slugOf(name) : Validate.slug("slug", spec.slug());
        String description = Validate.optionalText("description", spec.description(), Validate.MAX_DESCRIPTION);
        return write(em -> {
            if (gatewayEntity(em, slug).isPresent()) {
                throw RequestRejected.invalid("a gateway with slug '" + slug + "' already exists");
            }
            GatewayEntity gateway = new GatewayEntity(UUID.randomUUID().toString(), name, slug, description,
                    actor, clock.instant());
            Set<String> seen = new HashSet<>();
            for (NewGateway.Assignment a : spec.servers()) {
                UpstreamServerEntity server = serverEntity(em, a.server())
                        .orElseThrow(() -> RequestRejected.invalid("unknown server '" + Validate.shown(a.server()) + "'"));
                if (!seen.add(server.id() + "/" + a.scheme())) {
                    throw RequestRejected.invalid("server '" + server.slug() + "' is assigned twice with one identity scheme");
                }
                String prefix = a.toolPrefix() == null ? server.slug() : Validate.optionalText("toolPrefix", a.toolPrefix(), 64);
                gateway.publish(UUID.randomUUID().toString(), server, a.scheme(), prefix, dev.gatehouse.core.model.Exposure.ALL,
                        dev.gatehouse.core.model.Exposure.ALL, dev.gatehouse.core.model.Exposure.ALL);
            }
            distinctPrefixes(gateway);
            em.persist(gateway);
            return toRecord(em, gateway);
        });
    }

    @Override
    public Gateway nameItems(String gatewaySlug, PrefixMode mode, String separator) {
        String sep = separator == null ? Gateway.DEFAULT_SEPARATOR : separator;
        if (!SEPARATOR.matcher(sep).matches()) {
            throw RequestRejected.invalid("'separator' must be 1 to 4 of the characters _ - . and letters or digits");
        }
        return write(em -> {
            GatewayEntity gateway = existingGateway(em, gatewaySlug);
            gateway.name(mode == null ? PrefixMode.CONDITIONAL : mode, sep);
            return toRecord(em, gateway);
        });
    }

    @Override
    public Gateway publish(String gatewaySlug, Publication p) {
        String prefixInput = Validate.optionalText("toolPrefix", p.toolPrefix(), 32);
        if (prefixInput != null && !PREFIX.matcher(prefixInput).matches()) {
            throw RequestRejected.invalid("'toolPrefix' must be 1 to 32 letters, digits, '_' or '-'");
        }
        storable("tools", p.tools());
        storable("prompts", p.prompts());
        storable("resources", p.resources());
        return write(em -> {
            GatewayEntity gateway = existingGateway(em, gatewaySlug);
            UpstreamServerEntity server = serverEntity(em, p.server())
                    .orElseThrow(() -> RequestRejected.notFound("unknown server '" + Validate.shown(p.server()) + "'"));
            String prefix = prefixInput == null ? server.slug() : prefixInput;
            gateway.publish(UUID.randomUUID().toString(), server, p.scheme(), prefix, p.tools(), p.prompts(), p.resources());
            distinctPrefixes(gateway);
            return toRecord(em, gateway);
        });
    }

    @Override
    public Gateway withdraw(String gatewaySlug, String server, IdentityScheme scheme) {
        return write(em -> {
            GatewayEntity gateway = existingGateway(em, gatewaySlug);
            UpstreamServerEntity s = serverEntity(em, server)
                    .orElseThrow(() -> RequestRejected.notFound("unknown server '" + server + "'"));
            if (!gateway.withdraw(s.id(), scheme)) {
                throw RequestRejected.notFound("server '" + s.slug() + "' is not on gateway '" + gatewaySlug + "'");
            }
            return toRecord(em, gateway);
        });
    }

    private static GatewayEntity existingGateway(EntityManager em, String slug) {
        return gatewayEntity(em, slug).orElseThrow(() -> RequestRejected.notFound("no such gateway '" + slug + "'"));
    }

    /** Prefixes route calls: two servers with one prefix would make routing ambiguous. */
    private static void distinctPrefixes(GatewayEntity gateway) {
        Set<String> seen = new HashSet<>();
        for (GatewayServerEntity s : gateway.servers()) {
            String prefix = s.toolPrefix() == null ? "" : s.toolPrefix();
            if (!seen.add(prefix)) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT,
                        "two servers on gateway '" + gateway.slug() + "' would share the prefix '" + prefix + "'");
            }
        }
    }

    @Override
    public List<UpstreamServer> servers() {
        return tx.read(em -> em.createNamedQuery("UpstreamServer.all", UpstreamServerEntity.class).getResultList()
                .stream().map(e -> toRecord(em, e)).toList());
    }

    private static final ListedEntities LISTED_SERVERS = new ListedEntities("UpstreamServerEntity", "e.id is not null",
            List.of("name", "slug", "url", "id"), Map.of("name", "lower(e.name)", "slug", "e.slug", "url", "e.url",
            "transport", "e.transport", "createdAt", "e.createdAt"), "e.name, e.id");

    @Override
    public Page<UpstreamServer> servers(ListQuery query) {
        return tx.read(em -> LISTED_SERVERS.page(em, UpstreamServerEntity.class, query, Map.of())
                .map(e -> toRecord(em, e)));
    }

    @Override
    public Optional<UpstreamServer> server(String idOrSlug) {
        if (idOrSlug == null) {
            return Optional.empty();
        }
        return tx.read(em -> serverEntity(em, idOrSlug).map(e -> toRecord(em, e)));
    }

    @Override
    public UpstreamServer createServer(NewServer spec, String actor) {
        String name = Validate.text("name", spec.name(), Validate.MAX_NAME);
        String slug = spec.slug() == null ? Validate.slugOf(name) : Validate.slug("slug", spec.slug());
        URI url = upstreamUrl(spec.url());
        String headerName = headerName(spec.authHeaderName());
        if ((headerName == null) != (spec.authSecret() == null || spec.authSecret().isEmpty())) {
            throw RequestRejected.invalid("'authHeaderName' and 'authSecret' go together");
        }
        secret(spec.authSecret());
        Duration connect = timeout("connectTimeout", spec.connectTimeout(), DEFAULT_CONNECT_TIMEOUT);
        Duration read = timeout("readTimeout", spec.readTimeout(), DEFAULT_READ_TIMEOUT);
        String sealed = headerName == null ? null : secrets.seal(spec.authSecret());
        return write(em -> {
            if (serverEntity(em, slug).isPresent()) {
                throw RequestRejected.invalid("a server with slug '" + slug + "' already exists");
            }
            UpstreamServerEntity e = new UpstreamServerEntity(UUID.randomUUID().toString(), name, slug, url.toString(),
                    (spec.transport() == null ? UpstreamServer.Transport.STREAMABLE_HTTP : spec.transport()).name(), null, null,
                    connect.toMillis(), read.toMillis(), actor, clock.instant());
            em.persist(e);
            em.flush(); // the server row before its identity's (foreign key; no mapped relation orders them)
            if (sealed != null) { // the server's credential is its shared identity, whose id is the server's
                em.persist(UpstreamIdentityEntity.secret(e.id(), e.id(), null, headerName, sealed, actor, clock.instant()));
            }
            return toRecord(em, e);
        });
    }

    @Override
    public Optional<String> serverRevision(String idOrSlug) {
        if (idOrSlug == null) {
            return Optional.empty();
        }
        return tx.read(em -> serverEntity(em, idOrSlug).map(e -> ServerRevision.of(e, em.find(UpstreamIdentityEntity.class, e.id()))));
    }

    @Override
    public EditedServer editServer(String idOrSlug, ServerEdit edit, String expectedRevision, String actor) {
        String name = edit.name() == null ? null : Validate.text("name", edit.name(), Validate.MAX_NAME);
        String url = edit.url() == null ? null : upstreamUrl(edit.url()).toString();
        Long connect = edit.connectTimeout() == null ? null : timeout("connectTimeout", edit.connectTimeout(), null).toMillis();
        Long read = edit.readTimeout() == null ? null : timeout("readTimeout", edit.readTimeout(), null).toMillis();
        String header = headerName(edit.authHeaderName());
        if (header != null && edit.authSecret() == null) {
            throw RequestRejected.invalid("'authHeaderName' changes only with a new 'authSecret'");
        }
        if (edit.authSecret() != null && edit.authSecret().isEmpty()) {
            throw RequestRejected.invalid("'authSecret' must not be empty: the secret is replaced, never cleared here");
        }
        String sealed = edit.authSecret() == null ? null : secrets.seal(secret(edit.authSecret()));
        return write(em -> {
            UpstreamServerEntity s = serverEntity(em, idOrSlug)
                    .orElseThrow(() -> RequestRejected.notFound("no such server"));
            UpstreamIdentityEntity shared = em.find(UpstreamIdentityEntity.class, s.id());
            if (expectedRevision != null && !expectedRevision.equals(ServerRevision.of(s, shared))) {
                throw new RequestRejected(RequestRejected.Reason.STALE, "server '" + s.slug()
                        + "' changed since revision " + expectedRevision + ": read it again and redo the edit");
            }
            String previousUrl = s.url();
            boolean moved = url != null && !sameOrigin(URI.create(previousUrl), URI.create(url));
            s.edit(name, url, edit.transport() == null ? null : edit.transport().name(), connect, read, edit.enabled());
            boolean sharedDropped = false;
            int identitiesDropped = 0;
            boolean clientDropped = false;
            String newHeader = header;
            if (moved) {
                // nothing bound to the old origin may reach the new one: a credential only follows when given anew
                String keptHeader = shared != null && "SECRET".equals(shared.kind()) ? shared.headerName() : null;
                sharedDropped = shared != null && sealed == null;
                identitiesDropped = em.createQuery("delete from UpstreamIdentityEntity i where i.serverId = :server"
                        + " and i.owner is not null").setParameter("server", s.id()).executeUpdate();
                if (shared != null) {
                    em.remove(shared);
                    em.flush();
                    shared = null;
                }
                clientDropped = em.createQuery("delete from UpstreamOAuthClientEntity c where c.serverId = :server")
                        .setParameter("server", s.id()).executeUpdate() > 0;
                em.createQuery("delete from UpstreamAuthorizationEntity a where a.serverId = :server")
                        .setParameter("server", s.id()).executeUpdate();
                // the upstream session ids of clients' sessions were issued by the old server: never sent to the new one
                em.createQuery("delete from McpUpstreamSessionEntity u where u.serverId = :server")
                        .setParameter("server", s.id()).executeUpdate();
                CatalogVersion.raise(em);
                newHeader = header == null ? keptHeader : header;
            }
            if (sealed != null) {
                rotate(em, s, shared, newHeader, sealed, actor);
            }
            return new EditedServer(toRecord(em, s), previousUrl, moved, sharedDropped, identitiesDropped, clientDropped);
        });
    }

    /** Same scheme, host and port (the default port of the scheme when none is given): RFC 6454's origin. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The shared identity's secret replaced (or a first one stored); an OAuth grant is signed in to, not typed. */
    private void rotate(EntityManager em, UpstreamServerEntity s, UpstreamIdentityEntity shared, String header,
                        String sealed, String actor) {
        if (shared == null) {
            if (header == null) {
                throw RequestRejected.invalid("server '" + s.slug() + "' has no credential yet: 'authHeaderName' is required with 'authSecret'");
            }
            em.flush(); // the server row before its identity's (foreign key)
            em.persist(UpstreamIdentityEntity.secret(s.id(), s.id(), null, header, sealed, actor, clock.instant()));
        } else if (!"SECRET".equals(shared.kind())) {
            throw new RequestRejected(RequestRejected.Reason.CONFLICT, "the shared identity of server '" + s.slug()
                    + "' is an OAuth grant: sign in to it again instead of typing a secret");
        } else {
            shared.replaceSecret(header == null ? shared.headerName() : header, sealed, clock.instant());
        }
    }

    /**
     * An allow-list is stored as one column of names, one per line ({@link Exposure#MAX_STORED_CHARS}); one that
     * cannot be stored is the caller's error, refused before the database would be.
     */
    private static void storable(String field, Exposure exposure) {
        int stored = Math.max(0, exposure.selected().stream().mapToInt(n -> n.length() + 1).sum() - 1);
        if (stored > Exposure.MAX_STORED_CHARS) {
            throw RequestRejected.invalid("'" + field + ".allow' names " + exposure.selected().size() + " items of "
                    + stored + " characters in all (one separator between names): at most " + Exposure.MAX_STORED_CHARS
                    + " characters in all are kept");
        }
        for (String name : exposure.selected()) {
            if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
                throw RequestRejected.invalid("'" + field + ".allow' items must be non-empty names without control characters");
            }
        }
    }

    private static String headerName(String raw) {
        String header = Validate.optionalText("authHeaderName", raw, 200);
        if (header != null && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw RequestRejected.invalid("'authHeaderName' must be an HTTP header name");
        }
        if (header != null && !dev.gatehouse.core.upstream.HeaderPolicy.credentialHeaderAllowed(header)) {
            throw RequestRejected.invalid("'authHeaderName' may not be '" + header + "': a hop-by-hop, framing or proxy"
                    + " header, or one the gateway's HTTP client sets itself");
        }
        return header;
    }

    private static String secret(String secret) {
        if (secret != null && (secret.length() > 2048 || secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw RequestRejected.invalid("'authSecret' must be at most 2048 printable characters");
        }
        return secret;
    }

    /** Points an existing server at a new URL (the launcher's embedded demo server moves with the port). */
    public void relocateServer(String slug, URI url) {
        write(em -> {
            serverEntity(em, slug).orElseThrow(() -> RequestRejected.notFound("unknown server '" + slug + "'"))
                    .relocate(url.toString());
            return null;
        });
    }

    static Optional<GatewayEntity> gatewayEntity(EntityManager em, String slug) {
        return em.createNamedQuery("Gateway.bySlug", GatewayEntity.class).setParameter("slug", slug)
                .getResultStream().findFirst();
    }

    private static Optional<UpstreamServerEntity> serverEntity(EntityManager em, String idOrSlug) {
        UpstreamServerEntity byId = em.find(UpstreamServerEntity.class, idOrSlug);
        if (byId != null) {
            return Optional.of(byId);
        }
        return em.createNamedQuery("UpstreamServer.bySlug", UpstreamServerEntity.class)
                .setParameter("slug", idOrSlug).getResultStream().findFirst();
    }

    private static URI upstreamUrl(String raw) {
        String value = Validate.text("url", raw, 2048);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw RequestRejected.invalid("'url' must be an absolute http or https URL");
            }
            if (uri.getUserInfo() != null) {
                throw RequestRejected.invalid("'url' must not carry credentials; use authHeaderName and authSecret");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw RequestRejected.invalid("'url' is not a valid URL");
        }
    }

    private static Duration timeout(String field, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw RequestRejected.invalid("'" + field + "' must be between 1 ms and 30 minutes");
        }
        return value;
    }

    Gateway toRecord(EntityManager em, GatewayEntity g) {
        List<GatewayServer> servers = g.servers().stream().map(s -> {
            UpstreamServer server = toRecord(em, s.server());
            return new GatewayServer(s.identityScheme() == IdentityScheme.PER_USER ? server.perUser(s.id()) : server,
                    s.toolPrefix(), s.tools(), s.prompts(), s.resources(), s.identityScheme());
        }).toList();
        return new Gateway(g.id(), g.name(), g.slug(), g.description(), servers, g.createdAt(), g.prefixMode(),
                g.prefixSeparator());
    }

    /**
     * The server with its shared identity's credential (the identity whose id is the server's id, V18): a
     * disabled shared identity leaves the server without one, and the audit says so.
     */
    UpstreamServer toRecord(EntityManager em, UpstreamServerEntity s) {
        UpstreamServer server = new UpstreamServer(s.id(), s.name(), s.slug(), URI.create(s.url()),
                UpstreamServer.Transport.valueOf(s.transport()), null, null,
                Duration.ofMillis(s.connectTimeoutMillis()), Duration.ofMillis(s.readTimeoutMillis()),
                s.enabled(), s.createdAt());
        UpstreamIdentityEntity shared = em.find(UpstreamIdentityEntity.class, s.id());
        if (shared == null || shared.owner() != null || shared.secretSealed() == null) {
            return server;
        }
        boolean oauth = "OAUTH".equals(shared.kind());
        dev.gatehouse.core.model.IdentityUse use = new dev.gatehouse.core.model.IdentityUse(IdentityScheme.SHARED,
                shared.id(), null, shared.subject() != null ? shared.subject() : shared.clientId(),
                "ACTIVE".equals(shared.status()) ? null
                : "The shared identity of server '" + s.slug() + "' is " + shared.status().toLowerCase(Locale.ROOT).replace('_', '-')
                + ": an admin must sign in to it again, enable or replace it", oauth);
        String secret = secrets.open(shared.secretSealed());
        return server.as(use, !use.usable() ? null : oauth ? new UpstreamServer.Credential("Authorization", "Bearer " + secret)
                : new UpstreamServer.Credential(shared.headerName(), secret));
    }
}
