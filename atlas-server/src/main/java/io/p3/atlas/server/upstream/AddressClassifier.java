package io.p3.atlas.server.upstream;

import java.net.InetAddress;

/**
 * Tells public unicast addresses from everything an upstream fetch must not reach: loopback, private,
 * link-local (incl. cloud metadata), unique-local, unspecified, multicast, carrier-grade NAT, reserved and
 * documentation ranges, and IPv6 forms that embed such an IPv4 address (IPv4-mapped, NAT64, 6to4).
 */
public final class AddressClassifier {

    private AddressClassifier() {
    }

    /** Why {@code address} is not a public unicast address (e.g. {@code "loopback"}), or null when it is. */
    public static String nonPublicReason(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? ipv4(toInt(b, 0)) : ipv6(b);
    }

    /** True when {@code address} is a public unicast address. */
    public static boolean isPublic(InetAddress address) {
        return nonPublicReason(address) == null;
    }

    private static String ipv4(int a) {
        if (a == 0) {
            return "unspecified";
        }
        if (a == 0xFFFFFFFF) {
            return "broadcast";
        }
        if (in(a, 0x00000000, 8)) {
            return "this-network (reserved)";
        }
        if (in(a, 0x7F000000, 8)) {
            return "loopback";
        }
        if (in(a, 0x0A000000, 8) || in(a, 0xAC100000, 12) || in(a, 0xC0A80000, 16)) {
            return "private";
        }
        if (in(a, 0xA9FE0000, 16)) {
            return "link-local (incl. cloud metadata)";
        }
        if (in(a, 0x64400000, 10)) {
            return "carrier-grade NAT (shared)";
        }
        if (in(a, 0xE0000000, 4)) {
            return "multicast";
        }
        if (in(a, 0xF0000000, 4)) {
            return "reserved";
        }
        if (in(a, 0xC0000000, 24)) {
            return "IETF protocol assignment (reserved)";
        }
        if (in(a, 0xC0000200, 24) || in(a, 0xC6336400, 24) || in(a, 0xCB007100, 24)) {
            return "documentation (reserved)";
        }
        if (in(a, 0xC6120000, 15)) {
            return "benchmarking (reserved)";
        }
        if (in(a, 0xC0586300, 24)) {
            return "6to4 relay anycast (reserved)";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        if (allZero(b, 0, 10)) {
            if ((b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                return embedded("IPv4-mapped", toInt(b, 12));
            }
            if (allZero(b, 10, 16)) {
                return "unspecified";
            }
            if (allZero(b, 10, 15) && b[15] == 1) {
                return "loopback";
            }
            if (allZero(b, 10, 12)) {
                return "IPv4-compatible (deprecated)";
            }
        }
        int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (w0 == 0x0064 && w1 == 0xFF9B) {
            // 64:ff9b::/96 is NAT64 to the embedded IPv4 address; 64:ff9b:1::/48 is local-use NAT64.
            return allZero(b, 4, 12) ? embedded("NAT64", toInt(b, 12)) : "local-use NAT64";
        }
        if (w0 == 0x2002) {
            return embedded("6to4", toInt(b, 2));
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return "Teredo tunnel";
        }
        if (w0 == 0x2001 && w1 == 0x0DB8 || (w0 & 0xFFFF) == 0x3FFF && (w1 & 0xF000) == 0) {
            return "documentation (reserved)";
        }
        if (w0 == 0x2001 && w1 < 0x0200) {
            return "IETF protocol assignment (reserved)";
        }
        if ((w0 & 0xFE00) == 0xFC00) {
            return "unique-local";
        }
        if ((w0 & 0xFFC0) == 0xFE80) {
            return "link-local";
        }
        if ((w0 & 0xFFC0) == 0xFEC0) {
            return "site-local (deprecated)";
        }
        if ((w0 & 0xFF00) == 0xFF00) {
            return "multicast";
        }
        if ((w0 & 0xE000) != 0x2000) {
            // Only 2000::/3 is allocated as global unicast; 100::/64 (discard) and the rest are reserved.
            return "reserved";
        }
        return null;
    }

    private static String embedded(String form, int ipv4) {
        String reason = ipv4(ipv4);
        return reason == null ? null : form + " " + reason;
    }

    private static boolean in(int address, int network, int prefixLength) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (address & mask) == network;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int toInt(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
                | (b[offset + 3] & 0xFF);
    }
}
