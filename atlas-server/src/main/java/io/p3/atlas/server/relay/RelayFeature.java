package io.p3.atlas.server.relay;

import io.grpc.BindableService;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The media relay registry assembled for the composition root. Its RPCs belong to atlas.v1.StreamService,
 * which the content feature serves: {@link #rpcs()} is the relay half that adapter delegates to.
 */
public final class RelayFeature implements Feature {
    private final RelayGrpcService rpcs;
    private final RelaySweeper sweeper;
    private final RelayService relays;

    /** {@code accounting}: where the work relays report is credited (the node metrics, wired by the root). */
    public RelayFeature(FeatureContext ctx, RelayAccounting accounting) {
        RelayConfig config = RelayConfig.from(ctx.env());
        this.relays = new RelayService(new MyBatisRelayStore(ctx.db()),
                new RelaySelector(new Random(), config.saturation(), config.neighbours()), ctx.clock(),
                config.expiry(), accounting);
        this.rpcs = new RelayGrpcService(relays);
        this.sweeper = new RelaySweeper(relays, config.sweepInterval(), ctx.meters());
    }

    /** Tells {@code listener} about relays registering, coming online, (un)saturating, expiring, leaving. */
    public void onChange(RelayEvents listener) {
        relays.onChange(listener);
    }

    /** Relays last seen at or after {@code from} and before {@code before} (null: no bound), by id. */
    public List<Relay> seenBetween(Instant from, Instant before, int limit) {
        return relays.seenBetween(from, before, limit);
    }

    /** The relay RPCs of atlas.v1.StreamService. */
    public StreamServiceGrpc.AsyncService rpcs() {
        return rpcs;
    }

    /** None of its own: the content feature's StreamService adapter serves the relay RPCs. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of();
    }

    /** Stops the expiry sweep. */
    @Override
    public void close() {
        sweeper.close();
    }
}
