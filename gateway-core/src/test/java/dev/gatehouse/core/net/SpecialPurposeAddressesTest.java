package dev.gatehouse.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Addresses against the IANA special-purpose registries, including IPv6 forms that carry an IPv4 address. */
class SpecialPurposeAddressesTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "0.1.2.3", "198.18.0.1", "198.19.255.255", "192.0.0.8", "192.0.0.170", "192.0.2.1",
            "198.51.100.7", "203.0.113.9", "192.88.99.1", "240.0.0.1", "255.255.255.255", "224.0.0.1", "239.1.1.1",
            "::1", "::", "fe80::1", "fd00::1", "fc00::1", "fec0::1", "ff02::1", "100::1", "2001:db8::1", "3fff::1",
            "5f00::1", "2001:2::1", "2001:10::1",
            "::127.0.0.1", "::10.0.0.1", "::8.8.8.8",                       // IPv4-compatible (deprecated)
            "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::c612:1", "64:ff9b:1::a00:1", // NAT64
            "2002:7f00:1::1", "2002:a00:1::", "2002:c0a8:101::1", "2002:c612:1::1",                            // 6to4
            "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1"})                                                // Teredo
    void classifyWhenNotGloballyReachableThenRefusedNamingTheBlock(String literal) throws Exception {
        SpecialPurposeAddresses.Verdict v = SpecialPurposeAddresses.classify(InetAddress.getByName(literal));

        assertFalse(v.allowed(), literal + " was allowed");
        assertTrue(v.describe().contains("/"), v.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "1.1.1.1", "192.0.0.9", "192.0.0.10", "198.17.255.255",
            "198.20.0.1", "100.63.255.255", "100.128.0.1", "2606:4700::1111", "2001:4860:4860::8888",
            "64:ff9b::808:808", "2002:808:808::1", "2001:1::1", "2001:3::1"})
    void classifyWhenGloballyReachableThenAllowed(String literal) throws Exception {
        SpecialPurposeAddresses.Verdict v = SpecialPurposeAddresses.classify(InetAddress.getByName(literal));

        assertTrue(v.allowed(), literal + " refused: " + v.describe());
    }

    @Test
    void classifyWhenIpv4MappedKeptAsIpv6ThenJudgedByItsIpv4Address() throws Exception {
        byte[] loopback = new byte[16];
        loopback[10] = (byte) 0xff;
        loopback[11] = (byte) 0xff;
        loopback[12] = 127;
        loopback[15] = 1;
        byte[] benchmarking = loopback.clone();
        benchmarking[12] = (byte) 198;
        benchmarking[13] = 18;
        byte[] google = loopback.clone();
        google[12] = 8;
        google[13] = 8;
        google[14] = 8;
        google[15] = 8;

        assertTrue(SpecialPurposeAddresses.classify(Inet6Address.getByAddress(null, loopback, null)).describe()
                .endsWith("(loopback, 127.0.0.0/8)"));
        assertFalse(SpecialPurposeAddresses.classify(Inet6Address.getByAddress(null, benchmarking, null)).allowed());
        assertTrue(SpecialPurposeAddresses.classify(Inet6Address.getByAddress(null, google, null)).allowed());
        assertFalse(SpecialPurposeAddresses.classify(InetAddress.getByName("::ffff:127.0.0.1")).allowed());
    }
}
