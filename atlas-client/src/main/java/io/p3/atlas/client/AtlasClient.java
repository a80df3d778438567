package io.p3.atlas.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Atlas Transport Java SDK: one connection, one facade per service.
 *
 * <pre>{@code
 * try (AtlasClient atlas = AtlasClient.connect("localhost:8080")) {
 *     NodeDailyMetrics today = atlas.nodes().heartbeat("0x5290…9ee7", 3);
 * }
 * }</pre>
 *
 * <p>Calls are blocking and carry a deadline ({@link Builder#deadline}, 10 s by default). Failures are
 * {@link AtlasClientException}s with the gRPC status code and, for invalid input, the request field at
 * fault. The generated stubs ({@code io.p3.atlas.v1.*Grpc}) stay available for async or streaming use
 * through {@link #channel()}.
 */
public final class AtlasClient implements AutoCloseable {
    private final Channel channel;
    private final ManagedChannel owned;
    private final CallOptionsSupport calls;
    private final NodeClient nodes;
    private final AnalyticsClient analytics;
    private final AssetClient assets;
    private final CatalogClient catalog;
    private final RelayClient relays;

    private AtlasClient(Channel channel, ManagedChannel owned, Duration deadline) {
        this.channel = channel;
        this.owned = owned;
        this.calls = new CallOptionsSupport(deadline);
        this.nodes = new NodeClient(channel, calls);
        this.analytics = new AnalyticsClient(channel, calls);
        this.assets = new AssetClient(channel, calls);
        this.catalog = new CatalogClient(channel, calls);
        this.relays = new RelayClient(channel, calls);
    }

    /** Connects in plaintext to {@code host:port} (e.g. {@code localhost:8080}). */
    public static AtlasClient connect(String target) {
        return builder(target).build();
    }

    public static Builder builder(String target) {
        return new Builder(target);
    }

    /** Wraps a channel the caller owns (closing this client leaves it open). */
    public static AtlasClient forChannel(Channel channel) {
        return new AtlasClient(Objects.requireNonNull(channel, "channel"), null, CallOptionsSupport.DEFAULT_DEADLINE);
    }

    /** NodeService: heartbeats, content served, node metrics and leaderboards. */
    public NodeClient nodes() {
        return nodes;
    }

    /** AnalyticsService: event ingestion (unary and streaming) and daily stats. */
    public AnalyticsClient analytics() {
        return analytics;
    }

    /** CatalogService: channels from M3U playlists, streams, apps, asset manifests. */
    public CatalogClient catalog() {
        return catalog;
    }

    /** StreamService assets: upload, pull-through, metadata and streamed reads. */
    public AssetClient assets() {
        return assets;
    }

    /** StreamService media relays: register, heartbeat, list and select. */
    public RelayClient relays() {
        return relays;
    }

    /** The underlying channel, for the generated stubs. */
    public Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
            try {
                if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                    owned.shutdownNow();
                }
            } catch (InterruptedException e) {
                owned.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connection options. */
    public static final class Builder {
        private final String target;
        private boolean tls;
        private Duration deadline = CallOptionsSupport.DEFAULT_DEADLINE;

        private Builder(String target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Use TLS (default: plaintext, for local servers). */
        public Builder useTls(boolean useTls) {
            this.tls = useTls;
            return this;
        }

        /** The deadline of each call (default 10 s). */
        public Builder deadline(Duration perCall) {
            if (perCall.isNegative() || perCall.isZero()) {
                throw new IllegalArgumentException("deadline must be positive");
            }
            this.deadline = perCall;
            return this;
        }

        public AtlasClient build() {
            NettyChannelBuilder b = NettyChannelBuilder.forTarget(target);
            if (tls) {
                b.useTransportSecurity();
            } else {
                b.usePlaintext();
            }
            ManagedChannel ch = b.build();
            return new AtlasClient(ch, ch, deadline);
        }
    }
}
