package io.p3.atlas.server.upstream;

import java.net.InetAddress;

/** Decides which resolved addresses the fetcher may connect to (a seam: tests inject their own). */
@FunctionalInterface
interface AddressPolicy {

    /** Why a connection to {@code address} is refused, or null when it is allowed. */
    String refusal(InetAddress address);

    /** Public unicast addresses only (the default). */
    static AddressPolicy publicOnly() {
        return AddressClassifier::nonPublicReason;
    }

    /** Everything (ATLAS_UPSTREAM_ALLOW_PRIVATE=true). */
    static AddressPolicy allowAll() {
        return address -> null;
    }

    static AddressPolicy of(UpstreamConfig config) {
        return config.allowPrivate() ? allowAll() : publicOnly();
    }
}
