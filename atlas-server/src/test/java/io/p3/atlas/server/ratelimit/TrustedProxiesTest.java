package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    static InetAddress ip(String s) {
        return TrustedProxies.parseLiteral(s).orElseThrow();
    }

    final TrustedProxies proxies = TrustedProxies.parse("ATLAS_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1, fd00::/8");

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        assertEquals(ip("198.51.100.9"), proxies.client(ip("198.51.100.9"), List.of("1.2.3.4")), "untrusted peer");
        assertEquals(ip("1.2.3.4"), proxies.client(ip("192.0.2.1"), List.of("1.2.3.4")));
        assertEquals(ip("1.2.3.4"), proxies.client(ip("fd00::5"), List.of("1.2.3.4:5555")));
        assertEquals(ip("192.0.2.1"), proxies.client(ip("192.0.2.1"), List.of()), "no header: the proxy itself");
    }

    @Test
    void theClientIsTheRightMostUntrustedHop() {
        // A client sending its own forged header through the proxy: the proxy appends the real address.
        assertEquals(ip("203.0.113.50"), proxies.client(ip("10.1.1.1"), List.of("6.6.6.6, 203.0.113.50, 10.2.2.2")));
        assertEquals(ip("203.0.113.50"), proxies.client(ip("10.1.1.1"), List.of("6.6.6.6", "203.0.113.50")));
        assertEquals(ip("10.2.2.2"), proxies.client(ip("10.1.1.1"), List.of("garbage, 10.2.2.2")), "garbage stops the walk");
        assertEquals(ip("2001:db8::1"), proxies.client(ip("10.1.1.1"), List.of("[2001:db8::1]:443")));
    }

    @Test
    void literalsOnlyNeverNames() {
        assertTrue(TrustedProxies.parseLiteral("localhost").isEmpty());
        assertTrue(TrustedProxies.parseLiteral("1.2.3").isEmpty());
        assertTrue(TrustedProxies.parseLiteral("256.1.1.1").isEmpty());
        assertTrue(TrustedProxies.parseLiteral("::1").isPresent());
        assertThrows(ConfigException.class, () -> TrustedProxies.parse("ATLAS_TRUSTED_PROXIES", "proxy.example.com"));
        assertThrows(ConfigException.class, () -> TrustedProxies.parse("ATLAS_TRUSTED_PROXIES", "10.0.0.0/33"));
        assertEquals("none", TrustedProxies.parse("X", " ").toString());
    }
}
