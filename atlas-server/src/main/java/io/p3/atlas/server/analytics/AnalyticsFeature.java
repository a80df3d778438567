package io.p3.atlas.server.analytics;

import io.grpc.BindableService;
import io.p3.atlas.server.batch.AsyncBatchWriter;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.server.persistence.DatabaseKind;
import java.time.Duration;
import java.util.List;

/**
 * AnalyticsService assembled for the composition root: salts and their janitor, the asynchronous batch
 * writer, the rules and the gRPC service. Closing it stops the janitor, then flushes every accepted event.
 */
public final class AnalyticsFeature implements Feature {
    private static final Duration SALT_CLEANUP_INTERVAL = Duration.ofHours(1);
    /**
     * Batches written at once on PostgreSQL (each writer its own connection): COPY of one batch overlaps
     * the commit of another. Their aggregate updates are sorted, so concurrent batches never deadlock.
     */
    private static final int POSTGRES_WRITERS = 4;

    private final SaltJanitor janitor;
    private final AsyncBatchWriter<AnalyticsEvent> writer;
    private final AnalyticsGrpcService grpc;

    /** Settings come from the environment (see {@link AnalyticsConfig}). */
    public AnalyticsFeature(FeatureContext ctx) {
        AnalyticsConfig config = AnalyticsConfig.from(ctx.env());
        MyBatisAnalyticsStore store = new MyBatisAnalyticsStore(ctx.db());
        this.writer = new AsyncBatchWriter<>("analytics", store::writeBatch,
                config.writerSettings().withWriters(ctx.db().kind() == DatabaseKind.POSTGRESQL ? POSTGRES_WRITERS : 1),
                "atlas.analytics", ctx.meters());
        // Events queued through a database outage are written as soon as it answers again.
        ctx.db().health().addListener(up -> {
            if (up) {
                writer.retryNow();
            }
        });
        WalletAnonymizer anonymizer = new WalletAnonymizer(store, ctx.clock());
        this.janitor = new SaltJanitor(anonymizer, SALT_CLEANUP_INTERVAL);
        AnalyticsService analytics = new AnalyticsService(store, anonymizer, writer, ctx.clock(), config.queueWait(),
                ctx.meters());
        this.grpc = new AnalyticsGrpcService(analytics);
    }

    /** atlas.v1.AnalyticsService. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of(grpc);
    }

    @Override
    public void close() {
        janitor.close();
        writer.close();
    }
}
