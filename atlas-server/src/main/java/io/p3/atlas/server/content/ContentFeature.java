package io.p3.atlas.server.content;

import com.linecorp.armeria.server.ServerBuilder;
import io.grpc.BindableService;
import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content delivery assembled for the composition root: assets in the blob store, the adapter for
 * atlas.v1.StreamService (its relay RPCs delegated to the relay feature's half), the plain HTTP routes, and
 * {@link #assets()} for other features (asset manifests). A timer renews this instance's pull-through
 * leases and sweeps unreferenced blobs. Closing it stops the pull-through threads and the timer.
 */
public final class ContentFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(ContentFeature.class);

    private final AssetService assets;
    private final StreamGrpcService grpc;
    private final ContentMetrics metrics;
    private final ContentConfig config;
    private final ExecutorService pullThreads;
    private final ScheduledExecutorService timer;
    private final ChangeNotifyingAssetStore store;

    /**
     * Bytes go to {@code blobs} (files or S3, opened by the composition root); settings come from the
     * environment (see {@link ContentConfig}); relay RPCs go to {@code relayRpcs}.
     */
    public ContentFeature(FeatureContext ctx, BlobStore blobs, StreamServiceGrpc.AsyncService relayRpcs) {
        this.config = ContentConfig.from(ctx.env());
        this.metrics = new ContentMetrics(ctx.meters());
        AtomicInteger n = new AtomicInteger();
        this.pullThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "atlas-pull-through-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.store = new ChangeNotifyingAssetStore(new MyBatisAssetStore(ctx.db()));
        ContentSource source = new ContentSource(blobs, config.cacheMemoryBytes(), metrics, ctx.meters());
        BlobReferences references = new BlobReferences(store, blobs, source::invalidate, ctx.clock());
        PullThrough pullThrough = new PullThrough(store, blobs, references, new FetcherDownload(ctx.upstream()),
                pullThreads, config.maxAssetBytes(), metrics, ctx.clock());
        this.assets = new AssetService(store, blobs, source, pullThrough, references, config, ctx.clock());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atlas-content-timer");
            t.setDaemon(true);
            return t;
        });
        long renewMillis = PullThrough.LEASE.toMillis() / 3;
        timer.scheduleWithFixedDelay(() -> quietly("renew pull-through leases", pullThrough::renewLeases),
                renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        long sweepMillis = config.blobSweepInterval().toMillis();
        if (sweepMillis > 0) {
            timer.scheduleWithFixedDelay(() -> quietly("sweep unreferenced blobs", assets::sweepBlobs),
                    sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        }
        this.grpc = new StreamGrpcService(assets, relayRpcs, metrics);
    }

    /** The asset rules; {@link AssetService#listAllOfType} serves asset manifests. */
    public AssetService assets() {
        return assets;
    }

    /** Runs {@code listener} after every committed change to the set of assets (or a first fetch). */
    public void onAssetsChanged(Runnable listener) {
        store.addListener(listener);
    }

    /** atlas.v1.StreamService. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of(grpc);
    }

    /** Binds /content/{id} and POST /v1/assets:upload (see {@link ContentHttpRoutes}). */
    @Override
    public void addRoutes(ServerBuilder sb) {
        ContentHttpRoutes.addTo(sb, assets, metrics, config);
    }

    /** Timer work must not die of one failure (e.g. the database briefly down): logged, tried next time. */
    private static void quietly(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("Cannot {} now; will retry: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pullThreads.shutdownNow();
    }
}
