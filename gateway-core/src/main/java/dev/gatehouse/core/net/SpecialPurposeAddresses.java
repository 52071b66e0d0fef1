package dev.gatehouse.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses Gatehouse may call when a URL comes from outside (a Client ID Metadata Document, a
 * webhook rule's engine): only globally reachable ones. Classifies an address against the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and its updates; rows as published in 2025, each with
 * its "Globally Reachable" column), the multicast ranges, and the IPv6 address space outside global
 * unicast ({@code 2000::/3}). The most specific block decides, so a globally reachable anycast address
 * inside a non-global block (192.0.0.9 in 192.0.0.0/24) stays reachable.
 * <p>
 * IPv6 forms that carry an IPv4 address are judged by that address: IPv4-mapped {@code ::ffff:a.b.c.d},
 * NAT64 {@code 64:ff9b::/96} (RFC 6052) and 6to4 {@code 2002::/16} (RFC 3056), because a dual-stack
 * socket, translator or relay delivers to the IPv4 address inside. The deprecated IPv4-compatible form
 * {@code ::a.b.c.d}, Teredo ({@code 2001::/32}, which hides a client address) and the local-use NAT64
 * prefix are refused whole.
 */
public final class SpecialPurposeAddresses {
    /** A registry row: a prefix, what it is, where it is defined, and whether it is globally reachable. */
    public record Block(String prefix, String name, String reference, boolean globallyReachable) {
        private byte[] network() {
            return literal(prefix.substring(0, prefix.indexOf('/')));
        }

        private int length() {
            return Integer.parseInt(prefix.substring(prefix.indexOf('/') + 1));
        }

        boolean contains(byte[] address) {
            byte[] net = network();
            if (net.length != address.length) {
                return false;
            }
            int bits = length();
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((net[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The verdict on one address: allowed, or the block that makes it not globally reachable. */
    public record Verdict(InetAddress address, Optional<Block> refusedBy) {
        public boolean allowed() {
            return refusedBy.isEmpty();
        }

        /** For an error message: the address and the block it is in. */
        public String describe() {
            return address.getHostAddress() + refusedBy.map(b -> " (" + b.name() + ", " + b.prefix() + ")").orElse("");
        }
    }

    /** IANA IPv4 Special-Purpose Address Registry, plus multicast (IPv4 Multicast Address Space Registry). */
    static final List<Block> IPV4 = List.of(
            new Block("0.0.0.0/8", "\"this network\"", "RFC 791", false),
            new Block("10.0.0.0/8", "private-use", "RFC 1918", false),
            new Block("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598", false),
            new Block("127.0.0.0/8", "loopback", "RFC 1122", false),
            new Block("169.254.0.0/16", "link local", "RFC 3927", false),
            new Block("172.16.0.0/12", "private-use", "RFC 1918", false),
            new Block("192.0.0.0/24", "IETF protocol assignments", "RFC 6890", false),
            new Block("192.0.0.0/29", "IPv4 service continuity prefix", "RFC 7335", false),
            new Block("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", false),
            new Block("192.0.0.9/32", "port control protocol anycast", "RFC 7723", true),
            new Block("192.0.0.10/32", "traversal using relays around NAT anycast", "RFC 8155", true),
            new Block("192.0.0.170/31", "NAT64/DNS64 discovery", "RFC 8880", false),
            new Block("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737", false),
            new Block("192.31.196.0/24", "AS112-v4", "RFC 7535", true),
            new Block("192.52.193.0/24", "AMT", "RFC 7450", true),
            new Block("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526", false),
            new Block("192.168.0.0/16", "private-use", "RFC 1918", false),
            new Block("192.175.48.0/24", "direct delegation AS112 service", "RFC 7534", true),
            new Block("198.18.0.0/15", "benchmarking", "RFC 2544", false),
            new Block("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737", false),
            new Block("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737", false),
            new Block("224.0.0.0/4", "multicast", "RFC 5771", false),
            new Block("240.0.0.0/4", "reserved", "RFC 1112", false),
            new Block("255.255.255.255/32", "limited broadcast", "RFC 8190", false));

    /** IANA IPv6 Special-Purpose Address Registry, plus what lies outside global unicast. */
    static final List<Block> IPV6 = List.of(
            new Block("::/0", "not global unicast (outside 2000::/3)", "RFC 4291", false),
            new Block("2000::/3", "global unicast", "RFC 4291", true),
            new Block("::1/128", "loopback", "RFC 4291", false),
            new Block("::/128", "unspecified", "RFC 4291", false),
            new Block("::ffff:0:0/96", "IPv4-mapped", "RFC 4291", false),
            new Block("::/96", "IPv4-compatible (deprecated)", "RFC 4291", false),
            new Block("64:ff9b::/96", "IPv4-IPv6 translation", "RFC 6052", true),
            new Block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215", false),
            new Block("100::/64", "discard-only", "RFC 6666", false),
            new Block("100:0:0:1::/64", "dummy IPv6 prefix", "RFC 9780", false),
            new Block("2001::/23", "IETF protocol assignments", "RFC 2928", false),
            new Block("2001::/32", "Teredo", "RFC 4380", false),
            new Block("2001:1::1/128", "port control protocol anycast", "RFC 7723", true),
            new Block("2001:1::2/128", "traversal using relays around NAT anycast", "RFC 8155", true),
            new Block("2001:1::3/128", "DNS-SD service registration protocol anycast", "RFC 9665", true),
            new Block("2001:2::/48", "benchmarking", "RFC 5180", false),
            new Block("2001:3::/32", "AMT", "RFC 7450", true),
            new Block("2001:4:112::/48", "AS112-v6", "RFC 7535", true),
            new Block("2001:10::/28", "deprecated ORCHID", "RFC 4843", false),
            new Block("2001:20::/28", "ORCHIDv2", "RFC 7343", true),
            new Block("2001:30::/28", "drone remote ID protocol entity tags", "RFC 9374", true),
            new Block("2001:db8::/32", "documentation", "RFC 3849", false),
            new Block("2002::/16", "6to4", "RFC 3056", true),
            new Block("2620:4f:8000::/48", "direct delegation AS112 service", "RFC 7534", true),
            new Block("3fff::/20", "documentation", "RFC 9637", false),
            new Block("5f00::/16", "segment routing SIDs", "RFC 9602", false),
            new Block("fc00::/7", "unique-local", "RFC 4193", false),
            new Block("fe80::/10", "link-local unicast", "RFC 4291", false),
            new Block("fec0::/10", "site-local (deprecated)", "RFC 3879", false),
            new Block("ff00::/8", "multicast", "RFC 4291", false));

    private static final Block MAPPED = block("::ffff:0:0/96");
    private static final Block COMPATIBLE = block("::/96");
    private static final Block NAT64 = block("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = block("2002::/16");

    private SpecialPurposeAddresses() {
    }

    /** Whether {@code address} is globally reachable, and if not, which block says so. */
    public static Verdict classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return new Verdict(address, refusal(IPV4, b));
        }
        if (!(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        Optional<byte[]> embedded = embeddedIpv4(b);
        if (embedded.isPresent()) {
            // judged by the IPv4 address a translator, relay or dual-stack socket delivers to
            Optional<Block> inner = refusal(IPV4, embedded.get());
            if (inner.isPresent()) {
                return new Verdict(address, inner);
            }
            // a mapped address is the IPv4 address itself on a dual-stack socket; a compatible one is
            // deprecated and routed nowhere; NAT64 and 6to4 of a public IPv4 address are global
            return new Verdict(address, MAPPED.contains(b) ? Optional.empty()
                    : COMPATIBLE.contains(b) ? Optional.of(COMPATIBLE) : refusal(IPV6, b));
        }
        return new Verdict(address, refusal(IPV6, b));
    }

    /** True when every one of {@code addresses} is globally reachable. */
    public static boolean allGloballyReachable(List<InetAddress> addresses) {
        return addresses.stream().allMatch(a -> classify(a).allowed());
    }

    /** The IPv4 address carried by an IPv4-mapped, IPv4-compatible, NAT64 (well-known prefix) or 6to4 address. */
    static Optional<byte[]> embeddedIpv4(byte[] v6) {
        if (MAPPED.contains(v6) || NAT64.contains(v6) || COMPATIBLE.contains(v6) && !isUnspecifiedOrLoopback(v6)) {
            return Optional.of(Arrays.copyOfRange(v6, 12, 16));
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Optional.of(Arrays.copyOfRange(v6, 2, 6));
        }
        return Optional.empty();
    }

    private static boolean isUnspecifiedOrLoopback(byte[] v6) {
        for (int i = 0; i < 15; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[15] == 0 || v6[15] == 1;
    }

    /** The most specific block containing {@code address}, if it is not globally reachable. */
    private static Optional<Block> refusal(List<Block> registry, byte[] address) {
        Block best = null;
        for (Block block : registry) {
            if (block.contains(address) && (best == null || block.length() > best.length())) {
                best = block;
            }
        }
        return best == null || best.globallyReachable() ? Optional.empty() : Optional.of(best);
    }

    private static Block block(String prefix) {
        return IPV4.stream().filter(b -> b.prefix().equals(prefix)).findFirst()
                .or(() -> IPV6.stream().filter(b -> b.prefix().equals(prefix)).findFirst()).orElseThrow();
    }

    /** Bytes of an IP literal (never a DNS lookup). */
    static byte[] literal(String ip) {
        try {
            if (ip.indexOf(':') >= 0) {
                return Inet6Address.getByAddress(null, ipv6(ip), null).getAddress();
            }
            return InetAddress.getByAddress(ipv4(ip)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] ipv4(String ip) {
        String[] parts = ip.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    /** A textual IPv6 address ({@code ::} shorthand allowed, no embedded dotted quad) as 16 bytes. */
    private static byte[] ipv6(String ip) {
        String[] halves = ip.split("::", -1);
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length < 2 || halves[1].isEmpty() ? new String[0] : halves[1].split(":");
        byte[] b = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(b, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(b, 8 - tail.length + i, tail[i]);
        }
        return b;
    }

    private static void put(byte[] b, int group, String hex) {
        int v = Integer.parseInt(hex, 16);
        b[2 * group] = (byte) (v >>> 8);
        b[2 * group + 1] = (byte) v;
    }
}
