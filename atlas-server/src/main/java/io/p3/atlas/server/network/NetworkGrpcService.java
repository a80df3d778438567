package io.p3.atlas.server.network;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.v1.NetworkServiceGrpc;
import io.p3.atlas.v1.NetworkSnapshot;
import io.p3.atlas.v1.WatchNetworkRequest;
import io.p3.atlas.v1.WatchNetworkResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** atlas.v1.NetworkService: the snapshot of who is online, then the events of {@link NetworkHub}. */
public final class NetworkGrpcService extends NetworkServiceGrpc.NetworkServiceImplBase {
    /** Nodes and relays per snapshot message, and in a snapshot at most. */
    static final int CHUNK = 500;
    static final int SNAPSHOT_LIMIT = 100_000;

    private final NetworkHub hub;
    private final NetworkDirectory directory;
    private final Clock clock;

    NetworkGrpcService(NetworkHub hub, NetworkDirectory directory, Clock clock) {
        this.hub = hub;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void watchNetwork(WatchNetworkRequest request, StreamObserver<WatchNetworkResponse> out) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null) {
            ctx.clearRequestTimeout(); // a watch lasts as long as the client wants
        }
        // Registered before the snapshot is read, so nothing that happens meanwhile is lost (it may repeat).
        NetworkWatcher watcher = hub.watch((ServerCallStreamObserver<WatchNetworkResponse>) out);
        try {
            watcher.start(snapshot());
        } catch (RuntimeException e) {
            watcher.end(e);
        }
    }

    /** The nodes and relays online now, in messages of at most {@link #CHUNK} of each; the last one is complete. */
    List<WatchNetworkResponse> snapshot() {
        Instant now = clock.instant();
        Instant from = now.minus(NetworkProtos.ONLINE_WINDOW);
        List<NodePresence> nodes = directory.nodesSeen(from, null, SNAPSHOT_LIMIT);
        List<RelayPresence> relays = directory.relaysSeen(from, null, SNAPSHOT_LIMIT);
        List<WatchNetworkResponse> out = new ArrayList<>();
        int parts = Math.max(1, (Math.max(nodes.size(), relays.size()) + CHUNK - 1) / CHUNK);
        for (int p = 0; p < parts; p++) {
            NetworkSnapshot.Builder b = NetworkSnapshot.newBuilder()
                    .setSnapshotTime(ProtoTimes.toProto(now)).setComplete(p == parts - 1);
            slice(nodes, p).forEach(n -> b.addNodes(NetworkProtos.toProto(n, true)));
            slice(relays, p).forEach(r -> b.addRelays(NetworkProtos.toProto(r, true)));
            out.add(WatchNetworkResponse.newBuilder().setSnapshot(b).build());
        }
        return out;
    }

    private static <T> List<T> slice(List<T> all, int part) {
        int from = Math.min(all.size(), part * CHUNK);
        return all.subList(from, Math.min(all.size(), from + CHUNK));
    }
}
