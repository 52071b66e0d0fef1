package dev.gatehouse.core.identity;

import java.util.List;
import java.util.Map;

/**
 * How Gatehouse authenticates as an upstream's OAuth client at its token and revocation endpoints (RFC 6749
 * section 2.3.1, RFC 7009 section 2.1): HTTP Basic, the credentials in the form, or a public client's
 * {@code client_id} alone. Chosen once per client from what the registration answer (RFC 7591) or the
 * authorization server's metadata ({@code token_endpoint_auth_methods_supported}, RFC 8414) says.
 */
public enum ClientAuthMethod {
    NONE("none"),
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post");

    private final String wireName;

    ClientAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The method of a wire name; null when it is none Gatehouse speaks. */
    public static ClientAuthMethod ofWire(String name) {
        for (ClientAuthMethod m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** A stored method, or for a client stored before methods were kept: Basic with a secret, none without. */
    public static ClientAuthMethod stored(String name, String secret) {
        ClientAuthMethod m = ofWire(name);
        return m != null && (m == NONE) == (secret == null) ? m : secret == null ? NONE : CLIENT_SECRET_BASIC;
    }

    /**
     * The method for a client with {@code secret} (null: a public client): the one its registration answer
     * named, else Basic when the server lists it or lists nothing (RFC 8414's default), else the form.
     */
    public static ClientAuthMethod choose(String secret, String registered, List<String> supported) {
        if (secret == null) {
            return NONE;
        }
        ClientAuthMethod named = ofWire(registered);
        if (named != null && named != NONE) {
            return named;
        }
        return supported.isEmpty() || supported.contains(CLIENT_SECRET_BASIC.wireName)
                || !supported.contains(CLIENT_SECRET_POST.wireName) ? CLIENT_SECRET_BASIC : CLIENT_SECRET_POST;
    }

    /** Adds the client's credentials to a token or revocation request's headers or form. */
    public void apply(String clientId, String secret, Map<String, String> headers, Map<String, String> form) {
        switch (this) {
            case CLIENT_SECRET_BASIC -> headers.put("Authorization", UpstreamRevoker.basic(clientId, secret));
            case CLIENT_SECRET_POST -> {
                form.put("client_id", clientId);
                form.put("client_secret", secret);
            }
            case NONE -> form.put("client_id", clientId);
        }
    }
}
