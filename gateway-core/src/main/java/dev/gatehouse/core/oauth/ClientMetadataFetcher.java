package dev.gatehouse.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; MCP authorization
 * 2025-11-25): the client id is an https URL and the document at it describes the client. The URL comes
 * from anyone on the internet, so the fetch is guarded against server-side request forgery: https only,
 * every address the host resolves to must be public (no loopback, private, link-local, unique-local,
 * carrier-grade NAT or multicast address), redirects are not followed, the body is capped and the wait is
 * bounded. Documents are cached for a while, so a busy client costs one fetch per interval.
 * <p>
 * The check resolves the name before the HTTP client resolves it again; a name that rebinds between
 * the two could slip through. Deployments that must close that gap route Gatehouse's egress through a
 * proxy that enforces the same rule.
 */
public final class ClientMetadataFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CACHED = 1000;

    private final OAuthSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(JsonNode document, Instant fetchedAt) {
    }

    public ClientMetadataFetcher(OAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead to an internal address
                .connectTimeout(settings.metadataTimeout())
                .build();
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
        checkAddresses(url.getHost());
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

    private void checkAddresses(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client id's host does not resolve");
        }
        if (settings.allowPrivateMetadataHosts()) {
            return;
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                        "the client id's host resolves to a non-public address; its metadata is not fetched");
            }
        }
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xFE) == 0xFC; // fc00::/7
            boolean mappedV4 = isMappedV4(b);
            return !uniqueLocal && !mappedV4;
        }
        boolean carrierNat = (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64; // 100.64.0.0/10
        boolean reserved = (b[0] & 0xFF) == 0 || (b[0] & 0xFF) >= 240;
        return !carrierNat && !reserved;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }

    private JsonNode download(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.metadataTimeout())
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                            "the client metadata document answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(settings.metadataMaxBytes() + 1);
                if (bytes.length > settings.metadataMaxBytes()) {
                    throw new OAuthProblem(OAuthProblem.INVALID_CLIENT,
                            "the client metadata document is larger than " + settings.metadataMaxBytes() + " bytes");
                }
                JsonNode doc = JSON.readTree(bytes);
                if (doc == null || !doc.isObject()) {
                    throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client metadata document is not a JSON object");
                }
                return doc;
            }
        } catch (IOException e) {
            throw new OAuthProblem(OAuthProblem.INVALID_CLIENT, "the client metadata document could not be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthProblem(OAuthProblem.TEMPORARILY_UNAVAILABLE, "interrupted");
        }
    }
}
