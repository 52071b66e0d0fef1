package dev.gatehouse.core.mcp;

import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The names a gateway publishes for its servers' tools and prompts: {@code prefix + separator + name}
 * when the gateway prefixes (see {@link Gateway#prefixed()}), else the upstream name. A name longer than
 * {@value #MAX_LENGTH} characters (the limit many model APIs place on tool names) is shortened
 * deterministically: its head, then {@code _} and eight hex digits of the full name's SHA-256.
 */
public final class ItemNames {
    public static final int MAX_LENGTH = 64;
    private static final int HASH_CHARS = 8;

    private final Gateway gateway;

    public ItemNames(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The published name of a server's item. */
    public String published(GatewayServer server, String upstreamName) {
        String full = gateway.prefixed() ? server.toolPrefix() + gateway.separator() + upstreamName : upstreamName;
        return shorten(full);
    }

    /**
     * The server and upstream name a published name stands for, when its form alone says so: by prefix,
     * or the only server. Empty when a look-up is needed (unprefixed names across several servers, or a
     * name that may have been shortened).
     */
    public Optional<Route> parse(String published) {
        if (published.length() >= MAX_LENGTH) {
            return Optional.empty(); // possibly shortened: only the servers' lists can tell
        }
        var servers = gateway.enabledServers();
        if (!gateway.prefixed()) {
            return servers.size() == 1 ? Optional.of(new Route(servers.get(0), published)) : Optional.empty();
        }
        return servers.stream()
                .sorted(Comparator.comparingInt((GatewayServer s) -> s.toolPrefix().length()).reversed())
                .filter(s -> published.startsWith(s.toolPrefix() + gateway.separator()))
                .findFirst()
                .map(s -> new Route(s, published.substring(s.toolPrefix().length() + gateway.separator().length())));
    }

    static String shorten(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        return name.substring(0, MAX_LENGTH - HASH_CHARS - 1) + '_' + sha256(name).substring(0, HASH_CHARS);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
