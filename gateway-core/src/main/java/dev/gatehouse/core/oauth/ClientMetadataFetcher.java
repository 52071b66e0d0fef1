package dev.gatehouse.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.net.OutboundHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; MCP authorization
 * 2025-11-25): the client id is an https URL and the document at it describes the client. The URL comes
 * from anyone on the internet, so the fetch is guarded against server-side request forgery by
 * {@link OutboundHttp}: https only, every address the host resolves to must be globally reachable (the
 * IANA special-purpose registries, IPv6 forms carrying an IPv4 address judged by it), the connection goes
 * to the checked address (no DNS rebinding), redirects are not followed, the body is capped and the wait
 * is bounded. Documents are cached for a while, so a busy client costs one fetch per interval.
 */
public final class ClientMetadataFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 1000;

    private final OAuthSettings settings;
    private final Clock clock;
    private final OutboundHttp http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(JsonNode document, Instant fetchedAt) {
    }

    public ClientMetadataFetcher(OAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new OutboundHttp(settings.allowPrivateMetadataHosts());
    }

    /** With the fetches made through {@code http} (tests: a resolver of their own). */
    ClientMetadataFetcher(OAuthSettings settings, Clock clock, OutboundHttp http) {
        this.settings = settings;
        this.clock = clock;
        this.http = http;
    }

    /** True when {@code clientId} has the shape of a metadata document URL (an https URL with a path). */
    public boolean isMetadataUrl(String clientId) {
        return clientId != null && (clientId.startsWith("https://")
                || settings.allowPrivateMetadataHosts() && clientId.startsWith("http://"));
    }

    /** The document at {@code clientId}, fetched or from the cache. */
    public JsonNode fetch(String clientId) {
        URI url = checkedUrl(clientId);
        Instant now = clock.instant();
        Cached hit = cache.get(clientId);
        if (hit != null && hit.fetchedAt().plus(settings.metadataCacheTtl()).isAfter(now)) {
            return hit.document();
        }
        JsonNode doc = download(url);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(clientId, new Cached(doc, now));
        return doc;
    }

    private URI checkedUrl(String clientId) {
        URI url;
        try {
            url = new URI(clientId);
        } catch (URISyntaxException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client id is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || settings.allowPrivateMetadataHosts() && scheme.equals("http");
        String path = url.getRawPath();
        if (!schemeOk || url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null
                || path == null || path.isEmpty() || path.equals("/") || path.contains("/./") || path.contains("/../")) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                    "a client id URL must be https, with a path, without credentials, fragment or dot segments");
        }
        return url;
    }

    private JsonNode download(URI url) {
        try {
            OutboundHttp.Response response = http.send("GET", url, Map.of("Accept", "application/json"), null,
                    settings.metadataTimeout(), settings.metadataMaxBytes());
            if (response.status() != 200) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                        "the client metadata document answered HTTP " + response.status());
            }
            JsonNode doc = JSON.readTree(response.body());
            if (doc == null || !doc.isObject()) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client metadata document is not a JSON object");
            }
            return doc;
        } catch (OutboundHttp.AddressRefused e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                    "the client id's host resolves to a non-public address; its metadata is not fetched");
        } catch (UnknownHostException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client id's host does not resolve");
        } catch (OutboundHttp.BodyTooLarge e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                    "the client metadata document is larger than " + settings.metadataMaxBytes() + " bytes");
        } catch (IOException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client metadata document could not be read");
        }
    }
}
