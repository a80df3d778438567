package io.p3.atlas.server.network;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import io.grpc.BindableService;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import java.util.List;

/**
 * NetworkService assembled for the composition root: the live view of nodes and relays. The features that own
 * them report their changes through {@link #changed} and answer {@link NetworkDirectory} queries (both wired by
 * the root); the view never reads their tables itself.
 */
public final class NetworkFeature implements Feature {
    private final NetworkHub hub;
    private final PresenceChecker checker;
    private final NetworkGrpcService grpc;

    public NetworkFeature(FeatureContext ctx, NetworkDirectory directory) {
        NetworkConfig config = NetworkConfig.from(ctx.env());
        this.hub = new NetworkHub(ctx.notifier(), config.watchBuffer(), ctx.meters());
        this.checker = new PresenceChecker(directory, hub, ctx.clock(), config.checkInterval());
        this.grpc = new NetworkGrpcService(hub, directory, ctx.clock());
    }

    /** A change made on this instance, for the watchers of every instance. */
    public void changed(NetworkChange change) {
        hub.publish(change);
    }

    /** atlas.v1.NetworkService. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of(grpc);
    }

    /** Watches are endless streams: they end when the server starts stopping, or it would wait for them. */
    @Override
    public void addRoutes(ServerBuilder sb) {
        sb.serverListener(ServerListener.builder().whenStopping(server -> hub.stop()).build());
    }

    @Override
    public void close() {
        checker.close();
        hub.close();
    }
}
