package io.p3.atlas.server.analytics;

import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.batch.AsyncBatchWriter;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.persistence.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * AnalyticsService assembled for the composition root: salts and their janitor, the asynchronous batch
 * writer, the rules and the gRPC service. Closing it stops the janitor, then flushes every accepted event.
 */
public final class AnalyticsFeature implements AutoCloseable {
    private static final Duration SALT_CLEANUP_INTERVAL = Duration.ofHours(1);

    private final SaltJanitor janitor;
    private final AsyncBatchWriter<AnalyticsEvent> writer;
    private final AnalyticsGrpcService grpc;

    private AnalyticsFeature(SaltJanitor janitor, AsyncBatchWriter<AnalyticsEvent> writer, AnalyticsGrpcService grpc) {
        this.janitor = janitor;
        this.writer = writer;
        this.grpc = grpc;
    }

    /** Settings come from {@code env} (see {@link AnalyticsConfig}). */
    public static AnalyticsFeature create(Database db, EnvReader env, MeterRegistry meters, Clock clock) {
        AnalyticsConfig config = AnalyticsConfig.from(env);
        MyBatisAnalyticsStore store = new MyBatisAnalyticsStore(db);
        AsyncBatchWriter<AnalyticsEvent> writer = new AsyncBatchWriter<>("analytics", store::writeBatch,
                config.writerSettings(), "atlas.analytics", meters);
        WalletAnonymizer anonymizer = new WalletAnonymizer(store, clock);
        SaltJanitor janitor = new SaltJanitor(anonymizer, SALT_CLEANUP_INTERVAL);
        AnalyticsService analytics = new AnalyticsService(store, anonymizer, writer, clock, meters);
        return new AnalyticsFeature(janitor, writer, new AnalyticsGrpcService(analytics));
    }

    /** atlas.v1.AnalyticsService, for the GrpcService builder. */
    public BindableService grpcService() {
        return grpc;
    }

    @Override
    public void close() {
        janitor.close();
        writer.close();
    }
}
