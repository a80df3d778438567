package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /** {@code ::ffff:a.b.c.d} kept as a 16-byte IPv6 address (InetAddress.getByName turns it into IPv4). */
    private static InetAddress mapped(String ipv4) throws UnknownHostException {
        byte[] v4 = ip(ipv4).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        InetAddress a = Inet6Address.getByAddress(null, v6, -1);
        assertTrue(a instanceof Inet6Address);
        return a;
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, unspecified",
            "0.1.2.3, this-network (reserved)",
            "127.0.0.1, loopback",
            "127.255.255.254, loopback",
            "10.0.0.1, private",
            "10.255.255.255, private",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.0.1, private",
            "192.168.255.255, private",
            "169.254.169.254, link-local (incl. cloud metadata)",
            "169.254.0.1, link-local (incl. cloud metadata)",
            "100.64.0.1, carrier-grade NAT (shared)",
            "100.100.100.200, carrier-grade NAT (shared)",
            "100.127.255.255, carrier-grade NAT (shared)",
            "224.0.0.1, multicast",
            "239.255.255.250, multicast",
            "240.0.0.1, reserved",
            "255.255.255.255, broadcast",
            "192.0.0.8, IETF protocol assignment (reserved)",
            "192.0.2.1, documentation (reserved)",
            "198.51.100.7, documentation (reserved)",
            "203.0.113.9, documentation (reserved)",
            "198.18.0.1, benchmarking (reserved)",
            "198.19.255.255, benchmarking (reserved)",
            "192.88.99.1, 6to4 relay anycast (reserved)",
    })
    void ipv4RangesThatAreRefused(String address, String reason) throws Exception {
        InetAddress a = ip(address);
        assertTrue(a instanceof Inet4Address);
        assertEquals(reason, AddressClassifier.nonPublicReason(a));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "9.255.255.255", "11.0.0.0", "172.15.255.255",
            "172.32.0.0", "192.167.255.255", "192.169.0.0", "169.253.255.255", "169.255.0.0", "100.63.255.255",
            "100.128.0.0", "126.255.255.255", "128.0.0.0", "223.255.255.255", "198.17.255.255", "198.20.0.0"})
    void publicIpv4IsAllowed(String address) throws Exception {
        assertNull(AddressClassifier.nonPublicReason(ip(address)), address);
        assertTrue(AddressClassifier.isPublic(ip(address)));
    }

    @ParameterizedTest
    @CsvSource({
            "::, unspecified",
            "::1, loopback",
            "fe80::1, link-local",
            "febf:ffff::1, link-local",
            "fc00::1, unique-local",
            "fd00:ec2::254, unique-local",
            "fdff:ffff::1, unique-local",
            "fec0::1, site-local (deprecated)",
            "ff02::1, multicast",
            "ff0e::1, multicast",
            "::7f00:1, IPv4-compatible (deprecated)",
            "64:ff9b::7f00:1, NAT64 loopback",
            "64:ff9b::a9fe:a9fe, NAT64 link-local (incl. cloud metadata)",
            "64:ff9b:1::a00:1, local-use NAT64",
            "2002:7f00:1::1, 6to4 loopback",
            "2002:c0a8:101::1, 6to4 private",
            "2001:db8::1, documentation (reserved)",
            "3fff::1, documentation (reserved)",
            "2001::1, Teredo tunnel",
            "2001:2::1, IETF protocol assignment (reserved)",
            "100::1, reserved",
            "4000::1, reserved",
    })
    void ipv6RangesThatAreRefused(String address, String reason) throws Exception {
        InetAddress a = ip(address);
        assertTrue(a instanceof Inet6Address, address);
        assertEquals(reason, AddressClassifier.nonPublicReason(a));
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, IPv4-mapped loopback",
            "10.1.2.3, IPv4-mapped private",
            "172.20.0.1, IPv4-mapped private",
            "192.168.1.1, IPv4-mapped private",
            "169.254.169.254, IPv4-mapped link-local (incl. cloud metadata)",
            "100.64.0.1, IPv4-mapped carrier-grade NAT (shared)",
            "0.0.0.0, IPv4-mapped unspecified",
            "224.0.0.251, IPv4-mapped multicast",
    })
    void ipv4MappedIpv6IsJudgedByItsIpv4Address(String ipv4, String reason) throws Exception {
        assertEquals(reason, AddressClassifier.nonPublicReason(mapped(ipv4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e",
            "64:ff9b::808:808", "2002:808:808::1", "2001:200::1"})
    void publicIpv6IsAllowed(String address) throws Exception {
        assertNull(AddressClassifier.nonPublicReason(ip(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "93.184.216.34"})
    void ipv4MappedPublicAddressesAreAllowed(String ipv4) throws Exception {
        assertNull(AddressClassifier.nonPublicReason(mapped(ipv4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:a9fe:a9fe"})
    void mappedLiteralsParsedByTheJdkAreRefusedToo(String literal) throws Exception {
        assertTrue(AddressClassifier.nonPublicReason(ip(literal)) != null, literal);
    }
}
