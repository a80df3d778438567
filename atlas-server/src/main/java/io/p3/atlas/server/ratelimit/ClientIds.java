package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.auth.ApiKey;
import io.p3.atlas.server.auth.ApiKeys;
import io.p3.atlas.server.auth.Caller;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whose bucket a request spends: the API key ({@code sha256:<hex>}) when a valid one is presented, else
 * the client's IP address. An unknown key counts against the IP, so inventing keys gains nothing.
 */
public final class ClientIds {
    private final ApiKeys keys;
    private final TrustedProxies proxies;

    public ClientIds(ApiKeys keys, TrustedProxies proxies) {
        this.keys = keys;
        this.proxies = proxies;
    }

    public String of(ServiceRequestContext ctx, String authorization) {
        return Caller.identify(authorization, keys).key().map(ApiKey::id).orElseGet(() -> {
            InetAddress peer = ((InetSocketAddress) ctx.remoteAddress()).getAddress();
            return ip(proxies.client(peer, ctx.request().headers().getAll(HttpHeaderNames.X_FORWARDED_FOR)));
        });
    }

    /** How an address is written in bucket names and RateLimitService keys (no zone id). */
    static String ip(InetAddress address) {
        String s = address.getHostAddress();
        int zone = s.indexOf('%');
        return zone < 0 ? s : s.substring(0, zone);
    }
}
