package io.p3.atlas.server.relay;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay registry's rules, transport-free: validation (errors name the field), online status from
 * the server's clock (OFFLINE after 2 minutes without a heartbeat), paging, selection (see
 * {@link RelaySelector}) and expiry of silent relays. State lives in the database, so every server
 * instance sharing it agrees.
 */
public final class RelayService {
    private static final Logger log = LoggerFactory.getLogger(RelayService.class);
    /** A relay is online if its latest heartbeat is at most this old. */
    public static final Duration ONLINE_WINDOW = Duration.ofMinutes(2);
    /** At most this many online relays are considered by one selection. */
    static final int SELECT_POOL = 10_000;
    /** Alternatives SelectRelay returns when the caller does not say, and at most. */
    public static final int DEFAULT_ALTERNATIVES = 2;
    public static final int MAX_ALTERNATIVES = 10;

    private static final Set<String> SCHEMES = Set.of("http", "https", "ws", "wss", "rtmp", "rtmps", "srt");

    private final RelayStore store;
    private final RelaySelector selector;
    private final Clock clock;
    private final Duration expiry;
    private final RelayAccounting accounting;
    private volatile RelayEvents events = RelayEvents.NONE;

    /**
     * {@code expiry}: a relay silent this long is removed by {@link #expireSilent()}; {@code accounting}: where
     * the work relays report is credited.
     */
    public RelayService(RelayStore store, RelaySelector selector, Clock clock, Duration expiry,
                        RelayAccounting accounting) {
        this.store = store;
        this.selector = selector;
        this.clock = clock;
        this.expiry = expiry;
        this.accounting = accounting;
    }

    /** A relay and whether it is online now. */
    public record RelayState(Relay relay, boolean online) {
    }

    /** Which relays a listing shows. */
    public enum StatusFilter { ANY, ONLINE, OFFLINE }

    /** Registers a relay; completes once the registration also counted as a heartbeat of its wallet. */
    public CompletableFuture<RelayState> register(String id, String walletAddress, String endpointUrl, String region,
                                                  int capacityMbps) {
        String relayId = Fields.isEmpty(id) ? UUID.randomUUID().toString() : Fields.id("relay.id", id);
        String wallet = Fields.wallet("relay.wallet_address", walletAddress);
        String endpoint = Fields.url("relay.endpoint_url", endpointUrl, SCHEMES, "http(s), ws(s), rtmp(s) or srt")
                .toString();
        String reg = Fields.region("relay.region", region, true);
        if (capacityMbps <= 0) {
            throw AtlasException.invalidArgument("relay.capacity_mbps",
                    "relay.capacity_mbps must be positive, got " + capacityMbps);
        }
        Instant now = clock.instant();
        Relay stored = store.upsert(new Relay(relayId, wallet, endpoint, reg, capacityMbps, 0, 0.0, now, now));
        announce(RelayEvents.Kind.REGISTERED, stored, now);
        return accounting.credit(wallet, 0, 0).thenApply(v -> state(stored, now));
    }

    /**
     * Records a heartbeat, then credits {@code bytesServedDelta} and {@code tasksCompletedDelta} to the relay's
     * wallet (a heartbeat of the wallet too); completes after that credit is committed. An unknown relay is
     * NOT_FOUND and credits nothing.
     */
    public CompletableFuture<RelayState> heartbeat(String id, int activeStreams, double load, long bytesServedDelta,
                                                   long tasksCompletedDelta) {
        String relayId = Fields.id("id", id);
        if (bytesServedDelta < 0) {
            throw AtlasException.invalidArgument("bytes_served_delta",
                    "bytes_served_delta must not be negative, got " + bytesServedDelta);
        }
        if (tasksCompletedDelta < 0) {
            throw AtlasException.invalidArgument("tasks_completed_delta",
                    "tasks_completed_delta must not be negative, got " + tasksCompletedDelta);
        }
        if (activeStreams < 0) {
            throw AtlasException.invalidArgument("active_streams",
                    "active_streams must not be negative, got " + activeStreams);
        }
        if (!(load >= 0.0 && load <= 1.0)) {
            throw AtlasException.invalidArgument("load", "load must be between 0 and 1, got " + load);
        }
        Instant now = clock.instant();
        RelayStore.Beat beat = store.heartbeat(relayId, activeStreams, load, now).orElseThrow(() -> notFound(relayId));
        Relay r = beat.after();
        if (!isOnline(beat.before().lastHeartbeatTime(), now)) {
            announce(RelayEvents.Kind.ONLINE, r, now);
        }
        if (selector.saturated(beat.before()) != selector.saturated(r)) {
            announce(selector.saturated(r) ? RelayEvents.Kind.SATURATED : RelayEvents.Kind.UNSATURATED, r, now);
        }
        return accounting.credit(r.walletAddress(), bytesServedDelta, tasksCompletedDelta).thenApply(v -> state(r, now));
    }

    public RelayState get(String id) {
        String relayId = Fields.id("id", id);
        return state(store.find(relayId).orElseThrow(() -> notFound(relayId)), clock.instant());
    }

    public void deregister(String id) {
        String relayId = Fields.id("id", id);
        Relay gone = store.delete(relayId).orElseThrow(() -> notFound(relayId));
        announce(RelayEvents.Kind.DEREGISTERED, gone, clock.instant());
    }

    /** A page of relays and the token for the next one (empty when done). */

    public Page<RelayState> list(String region, StatusFilter status, int pageSize, String pageToken) {
        String reg = Fields.region("region", region, false);
        int size = PageRequest.pageSize(pageSize);
        String filters = "relays|" + (reg == null ? "" : reg) + "|" + status.name();
        List<String> cursor = PageToken.decode(pageToken, filters, 1);
        Instant now = clock.instant();
        Instant cutoff = now.minus(ONLINE_WINDOW);
        List<Relay> rows = store.list(reg, status == StatusFilter.ONLINE ? cutoff : null,
                status == StatusFilter.OFFLINE ? cutoff : null, cursor == null ? null : cursor.get(0), size + 1);
        return Page.cut(rows, size, filters, last -> List.of(last.id())).map(r -> state(r, now));
    }

    /** A selection: the relay to use and the ones to fail over to, in order. */
    public record Selection(RelayState chosen, List<RelayState> alternatives) {
    }

    /**
     * The relay for a stream and up to {@code maxAlternatives} (0: {@link #DEFAULT_ALTERNATIVES}, at most
     * {@link #MAX_ALTERNATIVES}) alternatives (see {@link RelaySelector}); UNAVAILABLE when no online relay
     * is below the saturation threshold.
     */
    public Selection select(String streamId, String region, int maxAlternatives) {
        String stream = Fields.optional("stream_id", streamId, 1024);
        String reg = Fields.region("region", region, false);
        if (maxAlternatives < 0) {
            throw AtlasException.invalidArgument("max_alternatives",
                    "max_alternatives must not be negative, got " + maxAlternatives);
        }
        int alternatives = maxAlternatives == 0 ? DEFAULT_ALTERNATIVES : Math.min(maxAlternatives, MAX_ALTERNATIVES);
        Instant now = clock.instant();
        List<Relay> online = store.list(null, now.minus(ONLINE_WINDOW), null, null, SELECT_POOL);
        String forStream = stream.isEmpty() ? "" : " for stream '" + stream + "'";
        RelaySelector.Choice choice = selector.select(online, reg, stream, alternatives)
                .orElseThrow(() -> AtlasException.unavailable(online.isEmpty()
                        ? "no media relay is online (none sent a heartbeat in the last 2 minutes)" + forStream
                                + "; retry later"
                        : "every online media relay is saturated (load at or above the saturation threshold)"
                                + forStream + "; retry later", null));
        return new Selection(state(choice.chosen(), now),
                choice.alternatives().stream().map(r -> state(r, now)).toList());
    }

    /** Removes the relays silent for longer than the expiry; returns them. Safe on several instances at once. */
    public List<Relay> expireSilent() {
        Instant now = clock.instant();
        List<Relay> gone = store.deleteSilentBefore(now.minus(expiry));
        gone.forEach(r -> announce(RelayEvents.Kind.EXPIRED, r, now));
        return gone;
    }

    /** Tells {@code listener} about relays changing (one listener; the last one set wins). */
    public void onChange(RelayEvents listener) {
        this.events = listener;
    }

    /** Relays last seen at or after {@code from} and before {@code before} (null: no bound), by id. */
    public List<Relay> seenBetween(Instant from, Instant before, int limit) {
        return store.list(null, from, before, null, limit);
    }

    private void announce(RelayEvents.Kind kind, Relay relay, Instant at) {
        try {
            events.relayChanged(kind, relay, at);
        } catch (RuntimeException e) {
            log.warn("A relay event listener failed: {}", e.toString());
        }
    }

    static boolean isOnline(Instant lastHeartbeat, Instant now) {
        return lastHeartbeat != null && !lastHeartbeat.isBefore(now.minus(ONLINE_WINDOW));
    }

    private static RelayState state(Relay r, Instant now) {
        return new RelayState(r, isOnline(r.lastHeartbeatTime(), now));
    }

    private static AtlasException notFound(String id) {
        return AtlasException.notFound("relay", "no relay with id '" + id + "'");
    }
}
