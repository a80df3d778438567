package io.p3.atlas.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Atlas Transport Java SDK: one connection, one facade per service.
 *
 * <pre>{@code
 * try (AtlasClient atlas = AtlasClient.builder("localhost:8080")
 *         .retryPolicy(RetryPolicy.defaults().withMaxAttempts(5))
 *         .apiKey(System.getenv("ATLAS_API_KEY"))
 *         .build()) {
 *     NodeDailyMetrics today = atlas.nodes().heartbeat("0x5290…9ee7", 3);
 *     atlas.catalog().listChannels("News", null, null).forEach(c -> System.out.println(c.getName()));
 * }
 * }</pre>
 *
 * <p>Calls are blocking and carry a deadline ({@link Builder#deadline}, 10 s by default) that bounds the
 * call with all its retries. Calls that are safe to repeat are retried on {@code UNAVAILABLE}, and every
 * unary call on {@code RESOURCE_EXHAUSTED} with the server's {@code RetryInfo} delay ({@link RetryPolicy}).
 * Failures are {@link AtlasClientException}s with the gRPC status code and, for invalid input, the request
 * field at fault. Listings come as lazy {@link Paged} views. The generated stubs
 * ({@code io.p3.atlas.v1.*Grpc}) stay available for async or streaming use through {@link #channel()},
 * which applies the same retries and API key.
 */
public final class AtlasClient implements AutoCloseable {
    private final Channel channel;
    private final ManagedChannel owned;
    private final NodeClient nodes;
    private final AnalyticsClient analytics;
    private final AssetClient assets;
    private final CatalogClient catalog;
    private final RelayClient relays;

    private AtlasClient(Channel channel, ManagedChannel owned, Duration deadline) {
        this.channel = channel;
        this.owned = owned;
        CallOptionsSupport calls = new CallOptionsSupport(deadline);
        this.nodes = new NodeClient(channel, calls);
        this.analytics = new AnalyticsClient(channel, calls);
        this.assets = new AssetClient(channel, calls);
        this.catalog = new CatalogClient(channel, calls);
        this.relays = new RelayClient(channel, calls);
    }

    /**
     * Connects in plaintext with the default options.
     *
     * @param target {@code host:port}, e.g. {@code localhost:8080}
     * @return the client; close it to close the connection
     */
    public static AtlasClient connect(String target) {
        return builder(target).build();
    }

    /**
     * @param target {@code host:port} (or any grpc-java target string)
     * @return a builder for a client that owns its connection
     */
    public static Builder builder(String target) {
        return new Builder(Objects.requireNonNull(target, "target"), null);
    }

    /**
     * @param channel a channel the caller owns (closing the client leaves it open)
     * @return a builder for a client over that channel; {@link Builder#useTls} does not apply
     */
    public static Builder builder(Channel channel) {
        return new Builder(null, Objects.requireNonNull(channel, "channel"));
    }

    /**
     * Wraps a channel the caller owns (closing this client leaves it open), with the default options.
     *
     * @param channel the channel
     * @return the client
     */
    public static AtlasClient forChannel(Channel channel) {
        return builder(channel).build();
    }

    /** @return NodeService: heartbeats, content served, node metrics and leaderboards */
    public NodeClient nodes() {
        return nodes;
    }

    /** @return AnalyticsService: event ingestion (unary and streaming) and daily stats */
    public AnalyticsClient analytics() {
        return analytics;
    }

    /** @return CatalogService: channels from M3U playlists, streams, apps, asset manifests */
    public CatalogClient catalog() {
        return catalog;
    }

    /** @return StreamService assets: upload, pull-through, metadata and streamed reads */
    public AssetClient assets() {
        return assets;
    }

    /** @return StreamService relays: registration, heartbeats, listing and selection */
    public RelayClient relays() {
        return relays;
    }

    /** @return the channel for the generated stubs, with this client's retries and API key applied */
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
        private final Channel channel;
        private boolean tls;
        private Duration deadline = CallOptionsSupport.DEFAULT_DEADLINE;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private String apiKey;

        private Builder(String target, Channel channel) {
            this.target = target;
            this.channel = channel;
        }

        /**
         * @param useTls true for TLS (default: plaintext, for local servers)
         * @return this builder
         */
        public Builder useTls(boolean useTls) {
            if (channel != null) {
                throw new IllegalStateException("useTls does not apply to a channel the caller built");
            }
            this.tls = useTls;
            return this;
        }

        /**
         * @param perCall the deadline of each call, its retries included (default 10 s)
         * @return this builder
         */
        public Builder deadline(Duration perCall) {
            if (perCall.isNegative() || perCall.isZero()) {
                throw new IllegalArgumentException("deadline must be positive");
            }
            this.deadline = perCall;
            return this;
        }

        /**
         * @param policy when to retry failed calls (default {@link RetryPolicy#defaults()})
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Turns retries off: every failure reaches the caller at once.
         *
         * @return this builder
         */
        public Builder noRetries() {
            return retryPolicy(RetryPolicy.none());
        }

        /**
         * Sends {@code authorization: Bearer <apiKey>} with every call. Use TLS beyond localhost: on a
         * plaintext connection the key travels in the clear.
         *
         * @param key the API key: 1 to 4096 visible ASCII characters
         * @return this builder
         */
        public Builder apiKey(String key) {
            this.apiKey = ApiKeyCredentials.validate(key);
            return this;
        }

        /** @return the client; close it to close the connection it owns */
        public AtlasClient build() {
            ManagedChannel ownedChannel = null;
            Channel base = channel;
            if (base == null) {
                NettyChannelBuilder b = NettyChannelBuilder.forTarget(target);
                if (tls) {
                    b.useTransportSecurity();
                } else {
                    b.usePlaintext();
                }
                ownedChannel = b.build();
                base = ownedChannel;
            }
            // The last interceptor runs first: the API key is on the call options every attempt inherits.
            Channel intercepted = apiKey == null
                    ? ClientInterceptors.intercept(base, new RetryingInterceptor(retryPolicy))
                    : ClientInterceptors.intercept(base, new RetryingInterceptor(retryPolicy),
                            new ApiKeyCredentials(apiKey));
            return new AtlasClient(intercepted, ownedChannel, deadline);
        }
    }
}
