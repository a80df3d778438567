package io.p3.atlas.server.stream;

import com.linecorp.armeria.server.ServerBuilder;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.relay.MyBatisRelayStore;
import io.p3.atlas.server.relay.RelaySelector;
import io.p3.atlas.server.relay.RelayService;
import io.p3.atlas.server.upstream.UpstreamFetcher;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * StreamService's parts built with plain constructors, for AtlasServer to plug in: the gRPC service,
 * the plain HTTP routes, and {@link #assets()} for other features (asset manifests). Close it to stop
 * the pull-through threads.
 */
public final class StreamFeature implements AutoCloseable {
    private final AssetService assets;
    private final StreamGrpcService grpc;
    private final StreamMetrics metrics;
    private final StreamConfig config;
    private final ExecutorService pullThreads;
    private final ChangeNotifyingAssetStore store;

    private StreamFeature(AssetService assets, StreamGrpcService grpc, StreamMetrics metrics, StreamConfig config,
                          ExecutorService pullThreads, ChangeNotifyingAssetStore store) {
        this.store = store;
        this.assets = assets;
        this.grpc = grpc;
        this.metrics = metrics;
        this.config = config;
        this.pullThreads = pullThreads;
    }

    /** Bytes go to {@code blobs} (files or S3); settings come from {@code env} (see {@link StreamConfig}). */
    public static StreamFeature create(Database db, BlobStore blobs, EnvReader env, UpstreamFetcher upstream,
                                       MeterRegistry meters, Clock clock) {
        StreamConfig config = StreamConfig.from(env);
        StreamMetrics metrics = new StreamMetrics(meters);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pullThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "atlas-pull-through-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ChangeNotifyingAssetStore store = new ChangeNotifyingAssetStore(new MyBatisAssetStore(db));
        AssetService assets = new AssetService(store, blobs,
                new ContentSource(blobs, config.cacheMemoryBytes(), metrics, meters),
                new PullThrough(store, blobs, new FetcherDownload(upstream), pullThreads, config.maxAssetBytes(),
                        metrics),
                config, clock);
        RelayService relays = new RelayService(new MyBatisRelayStore(db), new RelaySelector(new Random()), clock);
        return new StreamFeature(assets, new StreamGrpcService(assets, relays, metrics), metrics, config,
                pullThreads, store);
    }

    /** The asset rules; {@link AssetService#listAllOfType} serves asset manifests. */
    public AssetService assets() {
        return assets;
    }

    /** Runs {@code listener} after every committed change to the set of assets (or a first fetch). */
    public void onAssetsChanged(Runnable listener) {
        store.addListener(listener);
    }

    /** atlas.v1.StreamService, for the GrpcService builder. */
    public BindableService grpcService() {
        return grpc;
    }

    /** Binds /content/{id} and POST /v1/assets:upload (see {@link StreamHttpRoutes}). */
    public void addRoutes(ServerBuilder sb) {
        StreamHttpRoutes.addTo(sb, assets, metrics, config);
    }

    @Override
    public void close() {
        pullThreads.shutdownNow();
    }
}
