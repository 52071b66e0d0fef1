package dev.gatehouse.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The fixed vocabulary of gate refusals (RFC 6750 section 3, RFC 9728 section 5.1): status, error
 * code, and the JSON body, which is byte-identical for every refusal of the same kind so that it
 * reveals nothing about the token. Builds the {@code WWW-Authenticate} challenge from validated parts.
 */
public enum BearerError {
    /** No bearer token offered: challenge without an error code (RFC 6750 section 3.1). */
    NO_TOKEN(401, "invalid_token", "A valid Gatehouse API access token is required.", false),
    /** A bearer token was offered and is not valid. */
    INVALID_TOKEN(401, "invalid_token", "A valid Gatehouse API access token is required.", true),
    /** A valid token of another gateway. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope", "This token is not valid for this gateway.", true),
    /** The token could not be checked now; no challenge, the client should retry. */
    TEMPORARILY_UNAVAILABLE(503, "temporarily_unavailable", "Authentication is temporarily unavailable; retry shortly.", false),
    /** Too many refused requests from the client's address in this interval: throttled, no token checked (429). */
    TOO_MANY_REQUESTS(429, "too_many_requests", "Too many refused requests from this address; retry after Retry-After seconds.", false);

    /**
     * Every scope a gateway needs, named in each challenge (MCP authorization, scope selection and
     * step-up): an OAuth client asks for exactly these.
     */
    public static final String REQUIRED_SCOPE = dev.gatehouse.core.oauth.Scopes.MCP;

    private final int status;
    private final String code;
    private final boolean codeInChallenge;
    private final byte[] body;

    BearerError(int status, String code, String description, boolean codeInChallenge) {
        if (!Rfc6750.ERROR_VALUE.matcher(code).matches() || !Rfc6750.ERROR_VALUE.matcher(description).matches()) {
            throw new IllegalArgumentException("not an RFC 6750 error value: " + code);
        }
        this.status = status;
        this.code = code;
        this.codeInChallenge = codeInChallenge;
        this.body = ("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON body; the same bytes for every refusal of this kind. */
    public byte[] body() {
        return body.clone();
    }

    /** True when the reply carries a {@code WWW-Authenticate} challenge. */
    public boolean challenges() {
        return status == 401 || status == 403;
    }

    /**
     * The {@code WWW-Authenticate} value, e.g. {@code Bearer resource_metadata="…", error="invalid_token"}.
     *
     * @param metadataUrl absolute URL of the protected resource metadata (RFC 9728 section 5.1)
     */
    public String challenge(String metadataUrl) {
        String metadata = "resource_metadata=" + quoted(metadataUrl);
        String scope = "scope=" + quoted(REQUIRED_SCOPE);
        if (status == 403) {
            return "Bearer error=\"" + code + "\", " + scope + ", " + metadata;
        }
        String challenge = "Bearer " + metadata + ", " + scope;
        return codeInChallenge ? challenge + ", error=\"" + code + "\"" : challenge;
    }

    /** RFC 6750 section 3: error values are drawn from %x20-21 / %x23-5B / %x5D-7E. */
    private static final class Rfc6750 {
        static final Pattern ERROR_VALUE = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    }

    /** An RFC 9110 quoted-string: printable ASCII only, with quote and backslash escaped. */
    static String quoted(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("not printable ASCII: a URL in a header must be encoded");
            }
            if (c == '"' || c == '\\') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.append('"').toString();
    }
}
