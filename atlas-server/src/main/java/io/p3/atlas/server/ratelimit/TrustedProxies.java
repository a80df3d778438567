package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.common.util.InetAddressPredicates;
import io.p3.atlas.server.config.ConfigException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed ({@code ATLAS_TRUSTED_PROXIES}: comma-separated
 * addresses or CIDRs). The client is the right-most address of the header that is not itself a trusted
 * proxy, so a client cannot pick its own address by sending a forged header through the proxy (which
 * appends the real one). Requests from any other peer are the peer's address; their header is ignored.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private final List<Predicate<InetAddress>> trusted;
    private final String text;

    private TrustedProxies(List<Predicate<InetAddress>> trusted, String text) {
        this.trusted = List.copyOf(trusted);
        this.text = text;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of(), "");
    }

    static TrustedProxies parse(String name, String value) {
        List<Predicate<InetAddress>> list = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            Optional<InetAddress> address = parseLiteral(slash < 0 ? entry : entry.substring(0, slash));
            if (address.isEmpty()) {
                throw new ConfigException(name + " must hold IP addresses or CIDRs such as 10.0.0.0/8, got '" + entry + "'");
            }
            if (slash < 0) {
                list.add(InetAddressPredicates.ofExact(address.get()));
                continue;
            }
            int max = address.get() instanceof Inet4Address ? 32 : 128;
            int bits;
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new ConfigException(name + ": the prefix length of '" + entry + "' must be 0 to " + max);
            }
            list.add(InetAddressPredicates.ofCidr(address.get(), bits));
        }
        return new TrustedProxies(list, value.strip());
    }

    public boolean trusts(InetAddress address) {
        return trusted.stream().anyMatch(p -> p.test(address));
    }

    /** The client address of a request from {@code peer} carrying these {@code X-Forwarded-For} values. */
    public InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (!trusts(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = parseLiteral(stripPort(hops.get(i)));
            if (hop.isEmpty()) {
                return client;  // garbage from further left cannot be believed
            }
            client = hop.get();
            if (!trusts(client)) {
                return client;
            }
        }
        return client;
    }

    /** An IP address literal (never a DNS lookup), or empty. */
    public static Optional<InetAddress> parseLiteral(String s) {
        String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        var m4 = IPV4.matcher(v);
        if (m4.matches()) {
            for (int g = 1; g <= 4; g++) {
                if (Integer.parseInt(m4.group(g)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!(IPV6.matcher(v).matches() && v.indexOf(':') >= 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(v));  // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "none" : text;
    }
}
