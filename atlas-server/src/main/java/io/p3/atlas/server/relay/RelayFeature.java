package io.p3.atlas.server.relay;

import io.grpc.BindableService;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.util.List;
import java.util.Random;

/**
 * The media relay registry assembled for the composition root. Its RPCs belong to atlas.v1.StreamService,
 * which the content feature serves: {@link #rpcs()} is the relay half that adapter delegates to.
 */
public final class RelayFeature implements Feature {
    private final RelayGrpcService rpcs;

    public RelayFeature(FeatureContext ctx) {
        RelayService relays = new RelayService(new MyBatisRelayStore(ctx.db()), new RelaySelector(new Random()),
                ctx.clock());
        this.rpcs = new RelayGrpcService(relays);
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
}
