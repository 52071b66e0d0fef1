package dev.gatehouse.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.jpa.OAuthClientEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.text.DisplayText;
import dev.gatehouse.core.token.Base62;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OAuth clients Gatehouse knows: those registered dynamically (RFC 7591, public clients only:
 * {@code token_endpoint_auth_method} {@code none}, PKCE protects the code) and those whose client id is
 * the URL of a Client ID Metadata Document, fetched through {@link ClientMetadataFetcher} and kept as a
 * row so their interactive host survives. Registrations nobody ever connected with are purged.
 */
public final class ClientRegistry {
    static final String REGISTERED_PREFIX = "ghcl_";
    private static final int MAX_REDIRECT_URIS = 10;
    private static final int MAX_NAME = 200;

    private final Transactions tx;
    private final Clock clock;
    private final ClientMetadataFetcher fetcher;
    private final OAuthSettings settings;
    private final RegistrationThrottle throttle;
    private final SecureRandom random = new SecureRandom();

    public ClientRegistry(Transactions tx, Clock clock, ClientMetadataFetcher fetcher, OAuthSettings settings) {
        this.tx = tx;
        this.clock = clock;
        this.fetcher = fetcher;
        this.settings = settings;
        this.throttle = new RegistrationThrottle(settings.registrationsPerAddressPerMinute(), clock);
    }

    /** Registers a public client with no per-address limit (callers that are not HTTP endpoints). */
    public OAuthClient register(ClientRegistration r) {
        return register(r, null);
    }

    /**
     * Registers a public client (RFC 7591 section 3.1); refusals use the RFC 7591 section 3.2.2 codes.
     * Registration is open, so it is bounded: at most {@code registrationsPerAddressPerMinute} from one
     * client address on this node, and at most {@code maxUnusedRegistrations} registrations that never
     * led to a connection; beyond either, a 429 {@link OAuthProblem} with the seconds to wait.
     *
     * @param clientAddress the caller's address, or null when there is none
     */
    public OAuthClient register(ClientRegistration r, String clientAddress) {
        if (clientAddress != null) {
            long wait = throttle.acquire(clientAddress);
            if (wait > 0) {
                throw OAuthProblem.tooMany("too many registrations from this address; try again later", wait);
            }
        }
        List<String> uris = checkedRedirectUris(r.redirectUris(), OAuthProblem.INVALID_REDIRECT_URI);
        String method = r.tokenEndpointAuthMethod();
        if (method != null && !method.equals("none")) {
            // RFC 7591 lets the server replace a requested value: Gatehouse registers public clients only
            method = "none";
        }
        for (String g : r.grantTypes()) {
            if (!g.equals("authorization_code") && !g.equals("refresh_token")) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "unsupported grant type '" + g + "'");
            }
        }
        for (String t : r.responseTypes()) {
            if (!t.equals("code")) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT_METADATA, "unsupported response type '" + t + "'");
            }
        }
        String name = nameOf(r.clientName(), uris);
        String id = REGISTERED_PREFIX + Base62.random(random, 24);
        Instant now = clock.instant();
        if (unused() >= settings.maxUnusedRegistrations()) {
            // the purge runs every few minutes; do its part for registrations now, then look again
            purgeUnused(now.minus(settings.unusedRegistrationTtl()));
            if (unused() >= settings.maxUnusedRegistrations()) {
                Instant oldest = tx.read(em -> em.createNamedQuery("OAuthClient.oldestUnused", Instant.class)
                        .setParameter("kind", OAuthClient.Kind.REGISTERED.name()).getSingleResult());
                long wait = oldest == null ? 60
                        : java.time.Duration.between(now, oldest.plus(settings.unusedRegistrationTtl())).toSeconds() + 1;
                throw OAuthProblem.tooMany("too many registrations are waiting for a first approval; try again later", wait);
            }
        }
        tx.inTransaction(em -> {
            em.persist(new OAuthClientEntity(id, OAuthClient.Kind.REGISTERED.name(), name, uris, now));
            return null;
        });
        return new OAuthClient(id, OAuthClient.Kind.REGISTERED, name, uris, null);
    }

    /** Dynamic registrations that never led to a connection. */
    private long unused() {
        return tx.read(em -> em.createNamedQuery("OAuthClient.countUnused", Long.class)
                .setParameter("kind", OAuthClient.Kind.REGISTERED.name()).getSingleResult());
    }

    /** The client with this id: a registered one from the database, or a metadata document client fetched (cached). */
    public Optional<OAuthClient> client(String clientId) {
        if (clientId == null || clientId.isBlank() || clientId.length() > 512) {
            return Optional.empty();
        }
        if (fetcher.isMetadataUrl(clientId)) {
            return Optional.of(metadataClient(clientId));
        }
        return tx.read(em -> Optional.ofNullable(em.find(OAuthClientEntity.class, clientId)).map(ClientRegistry::toRecord));
    }

    /** Links the client to its interactive host. */
    void attachHost(String clientId, String hostId) {
        tx.inTransaction(em -> {
            em.find(OAuthClientEntity.class, clientId).attachHost(hostId);
            return null;
        });
    }

    /** Deletes registrations made before {@code before} that never led to a connection. */
    public int purgeUnused(Instant before) {
        return tx.inTransaction(em -> em.createNamedQuery("OAuthClient.purgeUnused").setParameter("before", before)
                .executeUpdate());
    }

    private OAuthClient metadataClient(String clientId) {
        JsonNode doc = fetcher.fetch(clientId);
        if (!clientId.equals(doc.path("client_id").asText(null))) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the metadata document's client_id is not its own URL");
        }
        String method = doc.path("token_endpoint_auth_method").asText("none");
        if (!method.equals("none")) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                    "only public clients (token_endpoint_auth_method none) are supported");
        }
        List<String> declared = new ArrayList<>();
        doc.path("redirect_uris").forEach(n -> declared.add(n.asText("")));
        List<String> uris = checkedRedirectUris(declared, OAuthProblem.INVALID_CLIENT);
        String name = nameOf(doc.path("client_name").asText(null), uris);
        return tx.inTransaction(em -> {
            OAuthClientEntity row = em.find(OAuthClientEntity.class, clientId);
            if (row == null) {
                row = new OAuthClientEntity(clientId, OAuthClient.Kind.METADATA.name(), name, uris, clock.instant());
                em.persist(row);
            } else {
                row.describe(name, uris);
            }
            return toRecord(row);
        });
    }

    private static List<String> checkedRedirectUris(List<String> uris, String errorCode) {
        if (uris.isEmpty()) {
            throw new OAuthProblem(errorCode, "at least one redirect URI is required");
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw new OAuthProblem(errorCode, "at most " + MAX_REDIRECT_URIS + " redirect URIs");
        }
        for (String u : uris) {
            Optional<String> problem = RedirectUris.problemWith(u);
            if (problem.isPresent()) {
                throw new OAuthProblem(errorCode, problem.get());
            }
        }
        return List.copyOf(uris);
    }

    private static String nameOf(String requested, List<String> uris) {
        String name = requested == null || requested.isBlank() ? "OAuth client" : requested.strip();
        // no control characters, and no bidi controls that would show an admin another name (Trojan Source)
        name = DisplayText.clean(name).codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    static OAuthClient toRecord(OAuthClientEntity e) {
        return new OAuthClient(e.clientId(), OAuthClient.Kind.valueOf(e.kind()), DisplayText.clean(e.clientName()),
                e.redirectUris(), e.hostId());
    }
}
