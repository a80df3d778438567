package io.p3.atlas.server.relay;

import java.time.Instant;

/**
 * Told after the commit of a change that the network sees of a relay: registered, back online after 2 minutes
 * without a heartbeat, load crossing the saturation threshold (either way), expired, deregistered. Going offline
 * is a matter of time passing: whoever needs it looks for silent relays ({@link RelayService#seenBetween}).
 * Implementations hand off and return.
 */
@FunctionalInterface
public interface RelayEvents {
    enum Kind { REGISTERED, ONLINE, SATURATED, UNSATURATED, EXPIRED, DEREGISTERED }

    /** {@code relay}: as it is after the change (as it was, for EXPIRED and DEREGISTERED). */
    void relayChanged(Kind kind, Relay relay, Instant at);

    RelayEvents NONE = (kind, relay, at) -> { };
}
