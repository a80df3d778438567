package io.p3.atlas.server;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.common.prometheus.PrometheusMeterRegistries;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.healthcheck.HealthCheckStatus;
import com.linecorp.armeria.server.healthcheck.HealthChecker;
import com.linecorp.armeria.server.healthcheck.ListenableHealthChecker;
import com.linecorp.armeria.server.logging.AccessLogWriter;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.p3.atlas.server.analytics.AnalyticsFeature;
import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobStoreConfig;
import io.p3.atlas.server.blob.BlobStoreException;
import io.p3.atlas.server.catalog.CatalogFeature;
import io.p3.atlas.server.catalog.manifest.AssetManifestSource;
import io.p3.atlas.server.catalog.manifest.ManifestAsset;
import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.server.console.ConsoleRoutes;
import io.p3.atlas.server.content.AssetKind;
import io.p3.atlas.server.content.ContentFeature;
import io.p3.atlas.server.error.GrpcErrors;
import io.p3.atlas.server.error.UnframedJsonErrors;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.server.grpc.CurlFormAsJson;
import io.p3.atlas.server.grpc.LazyJsonMarshallers;
import io.p3.atlas.server.grpc.QueryParamCheck;
import io.p3.atlas.server.grpc.StrictJsonMarshaller;
import io.p3.atlas.server.grpc.TranscodedReplies;
import io.p3.atlas.server.network.NetworkFeature;
import io.p3.atlas.server.node.NodeFeature;
import io.p3.atlas.server.notify.LocalNotifier;
import io.p3.atlas.server.notify.Notifier;
import io.p3.atlas.server.notify.PgNotifier;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.persistence.DatabaseConfig;
import io.p3.atlas.server.persistence.DatabaseUrl;
import io.p3.atlas.server.persistence.StartupException;
import io.p3.atlas.server.relay.RelayFeature;
import io.p3.atlas.server.resilience.Resilience;
import io.p3.atlas.server.resilience.ResilienceConfig;
import io.p3.atlas.server.upstream.UpstreamConfig;
import io.p3.atlas.server.upstream.UpstreamFetcher;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from {@link AtlasConfig} with plain constructors, serves
 * them on one Armeria port, and closes them in reverse order. Features plug in here and nowhere else.
 */
public final class AtlasServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AtlasServer.class);
    /** Rendered HTTP/JSON replies kept by {@link TranscodedReplies}. */
    private static final long REPLY_CACHE_BYTES = 32L << 20;
    /** How long SIGTERM waits with no call in flight before it closes the port. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(100);

    private final Server server;
    private final Database database;
    private final PrometheusMeterRegistry meters;
    private final Deque<AutoCloseable> closeables;

    private AtlasServer(Server server, Database database, PrometheusMeterRegistry meters,
                        Deque<AutoCloseable> closeables) {
        this.server = server;
        this.database = database;
        this.meters = meters;
        this.closeables = closeables;
    }

    public static AtlasServer start(AtlasConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a server; {@code clock} is the only source of time (tests pass their own). It is read in
     * microseconds, the precision the database stores and the wire shows, so what a create answers is what
     * a later read returns.
     */
    public static AtlasServer start(AtlasConfig config, Clock clock) {
        Deque<AutoCloseable> closeables = new ArrayDeque<>();
        try {
            return start(config, Clock.tick(clock, Duration.ofNanos(1_000)), closeables);
        } catch (RuntimeException e) {
            closeAll(closeables);
            throw e;
        }
    }

    private static AtlasServer start(AtlasConfig config, Clock clock, Deque<AutoCloseable> closeables) {
        PrometheusMeterRegistry meters = PrometheusMeterRegistries.newRegistry();
        closeables.push(meters::close);
        createDataDir(config);

        Database db = Database.open(DatabaseUrl.resolve(config.databaseUrl(), config.dataDir()), meters,
                DatabaseConfig.from(config.env()));
        closeables.push(db);
        // API keys, rate limits, request ids and size caps for every route (see Gatekeeper).
        Gatekeeper gate = Gatekeeper.create(config.env(), db, meters, clock);
        closeables.push(gate);
        // Overload and outages: per-service concurrency limits, timeouts, Retry-After, readiness (see README).
        Resilience resilience = new Resilience(ResilienceConfig.from(config.env()), meters);
        // The one shared upstream HTTP client (SSRF guard, timeouts, size caps): features take it from the context.
        UpstreamFetcher upstream = new UpstreamFetcher(UpstreamConfig.from(config.env()), meters);
        closeables.push(upstream);
        // Messages to every instance on the database (LISTEN/NOTIFY), or within this process on embedded H2.
        Notifier notifier = db.kind() == DatabaseKind.POSTGRESQL ? new PgNotifier(db.dataSource()) : new LocalNotifier();
        closeables.push(notifier);

        // Content bytes: files under ATLAS_DATA_DIR or an S3 bucket; a missing bucket stops start-up here.
        BlobStore blobs = openBlobStore(config);
        closeables.push(blobs);

        // The features, each plugged in whole; where one needs another, it is wired here through a small interface.
        FeatureContext ctx = new FeatureContext(db, config.env(), config.dataDir(), upstream, meters, clock,
                notifier);
        List<Feature> features = new ArrayList<>();
        NodeFeature nodes = plug(features, closeables, new NodeFeature(ctx));
        plug(features, closeables, new AnalyticsFeature(ctx));
        // Relays credit the work they report to their wallet's node metrics (and count as its heartbeats).
        RelayFeature relays = plug(features, closeables, new RelayFeature(ctx, nodes::creditRelay));
        // atlas.v1.StreamService serves assets and relays: the content adapter delegates relay RPCs to their half.
        ContentFeature content = plug(features, closeables, new ContentFeature(ctx, blobs, relays.rpcs()));
        // Asset manifests list the content feature's assets; a change to them drops cached manifests at once.
        CatalogFeature catalog = plug(features, closeables, new CatalogFeature(ctx, manifestSource(content)));
        content.onAssetsChanged(catalog::invalidateCaches);
        // The live network view: node and relay changes in, who was seen when out.
        NetworkFeature network = plug(features, closeables,
                new NetworkFeature(ctx, NetworkWiring.directory(nodes, relays)));
        NetworkWiring.connect(nodes, relays, network);

        GrpcServiceBuilder grpc = gate.applyTo(GrpcService.builder());
        features.forEach(f -> f.grpcServices().forEach(s -> grpc.addService(s, resilience.decoratorsFor(s))));
        // JSON shows every field, zeros included ("uptimeMs": "0"); a request that does not fit its message
        // (unknown field or enum value, wrong type) is INVALID_ARGUMENT naming the field, never INTERNAL; enum
        // aliases (media, live) are accepted. Built on first use or by the warm-up after start.
        LazyJsonMarshallers json = new LazyJsonMarshallers(StrictJsonMarshaller::of);
        // Rendered HTTP/JSON replies of cacheable reads, in front of the services' concurrency limits (a hit holds
        // nothing); a hit passes the same key and rate-limit checks (see README "Cached reads").
        TranscodedReplies replies = new TranscodedReplies(REPLY_CACHE_BYTES, gate.replyGate(), meters);
        ServerBuilder sb = resilience.applyTo(gate.applyTo(newServerBuilder(config, db, blobs, meters, grpc, json,
                replies)));
        features.forEach(f -> f.addRoutes(sb));
        resilience.limitTransferRoutes(sb, "content", "prefix:/content/", "exact:/v1/assets:upload");
        ConsoleRoutes.addTo(sb); // the browser console at /, from web/ (see README "Browser SDK and console")
        Server server = sb.build();
        try {
            server.start().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new StartupException("port " + config.port() + " is already in use; stop the other process"
                        + " or set ATLAS_PORT to a free port", e);
            }
            throw new StartupException("cannot start the HTTP server on port " + config.port() + ": "
                    + e.getCause(), e);
        }
        json.warmUp();
        AtlasServer atlas = new AtlasServer(server, db, meters, closeables);
        log.info("Atlas Transport ready on port {} with {}, blobs in {}", atlas.port(), db.url().describe(),
                blobs.describe());
        return atlas;
    }

    private static <F extends Feature> F plug(List<Feature> features, Deque<AutoCloseable> closeables, F feature) {
        features.add(feature);
        closeables.push(feature);
        return feature;
    }

    /**
     * Manifests list every asset of a type; a pull-through asset not fetched yet has no bytes known, so
     * it is listed with size 0 and empty sha256/etag until its first read stores them.
     */
    private static AssetManifestSource manifestSource(ContentFeature content) {
        return type -> content.assets().listAllOfType(AssetKind.valueOf(type.name())).stream()
                .map(a -> new ManifestAsset(a.id(), a.url(), a.size() == null ? 0 : a.size(),
                        a.sha256() == null ? "" : a.sha256(), a.etag() == null ? "" : a.etag()))
                .toList();
    }

    /** The configured blob store; a missing bucket or refused credentials stop start-up with one line. */
    private static BlobStore openBlobStore(AtlasConfig config) {
        try {
            return BlobStoreConfig.from(config.env()).open(config.dataDir());
        } catch (BlobStoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** Re-checked every 10 s (2 s while failing), off the event loop. */
    private static ListenableHealthChecker healthChecker(BooleanSupplier healthy) {
        return HealthChecker.of(() -> CompletableFuture.supplyAsync(() -> healthy.getAsBoolean()
                        ? new HealthCheckStatus(true, 10_000) : new HealthCheckStatus(false, 2_000)),
                Duration.ofSeconds(10));
    }

    private static ServerBuilder newServerBuilder(AtlasConfig config, Database db, BlobStore blobs,
                                                  PrometheusMeterRegistry meters, GrpcServiceBuilder grpc,
                                                  LazyJsonMarshallers json, TranscodedReplies replies) {
        // Ready when the database answers (its probe flips this at once) and the blob store is usable (the
        // bucket reachable, for S3).
        List<ListenableHealthChecker> health = List.of(Resilience.databaseChecker(db.health()),
                healthChecker(blobs::isHealthy));
        GrpcService grpcService = grpc
                // grpc.reflection.v1 only: Armeria allows a single reflection service, and grpcurl
                // (1.8.8+) and buf curl speak v1.
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(GrpcHealthCheckService.builder().checkers(health).build())
                .supportedSerializationFormats(GrpcSerializationFormats.values())
                .enableUnframedRequests(true)
                // Query parameters by proto name (page_size) or JSON name (pageSize), like grpc-gateway.
                .enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                        .queryParamMatchRules(HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD,
                                HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE)
                        .errorHandler(new UnframedJsonErrors())
                        .build())
                .unframedGrpcErrorHandler(new UnframedJsonErrors())
                .jsonMarshallerFactory(json)
                // No global blocking executor: each feature's gRPC service marks what may block (@Blocking),
                // so cached reads answer from the event loop.
                .exceptionHandler(new GrpcErrors())
                .build();

        return com.linecorp.armeria.server.Server.builder()
                .http(config.port())
                .bossGroupFactory(BossGroups::quickToStop)
                .meterRegistry(meters)
                // Cached HTTP/JSON replies sit inside CORS and the query check, so hits carry the same CORS headers
                // and a bad query parameter is refused before any cache lookup.
                .service(grpcService, s -> s.decorate(replies), grpcWebCors(),
                        s -> s.decorate(new QueryParamCheck()).decorate(new CurlFormAsJson()))
                .serviceUnder("/docs", DocService.builder().build())
                .service("/internal/metrics", PrometheusExpositionService.of(meters.getPrometheusRegistry()))
                .service("/internal/healthcheck", HealthCheckService.builder().checkers(health).build())
                .decorator(MetricCollectingService.newDecorator(MeterIdPrefixFunction.ofDefault("atlas.http")))
                .accessLogWriter(AccessLogWriter.combined(), true)
                // A short quiet period: an idle server stops within a fraction of a second, calls in flight still
                // get ATLAS_SHUTDOWN_GRACE (a zero quiet period would turn Armeria's graceful shutdown off).
                .gracefulShutdownTimeout(QUIET_PERIOD, config.shutdownGrace().compareTo(QUIET_PERIOD) < 0
                        ? QUIET_PERIOD : config.shutdownGrace());
    }

    /** Browsers call gRPC-Web from other origins; they must see grpc-status and grpc-message. */
    private static java.util.function.Function<? super com.linecorp.armeria.server.HttpService, CorsService>
            grpcWebCors() {
        return CorsService.builderForAnyOrigin()
                .allowRequestMethods(HttpMethod.POST, HttpMethod.GET, HttpMethod.OPTIONS)
                .allowRequestHeaders(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.of("x-grpc-web"),
                        HttpHeaderNames.of("x-user-agent"), HttpHeaderNames.of("grpc-timeout"),
                        HttpHeaderNames.AUTHORIZATION)
                .exposeHeaders(HttpHeaderNames.of("grpc-status"), HttpHeaderNames.of("grpc-message"),
                        HttpHeaderNames.of("grpc-status-details-bin"), HttpHeaderNames.of("x-request-id"),
                        HttpHeaderNames.of("ratelimit"), HttpHeaderNames.of("ratelimit-policy"),
                        HttpHeaderNames.RETRY_AFTER, HttpHeaderNames.WWW_AUTHENTICATE)
                .maxAge(86400)
                .newDecorator();
    }

    private static void createDataDir(AtlasConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new StartupException("cannot create ATLAS_DATA_DIR " + config.dataDir() + ": " + e.getMessage()
                    + " (set ATLAS_DATA_DIR to a writable directory)", e);
        }
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.activeLocalPort();
    }

    public Database database() {
        return database;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Graceful stop: finishes in-flight calls, flushes queued writes, then closes the database. */
    @Override
    public void close() {
        server.stop().join();
        closeAll(closeables);
        log.info("Atlas Transport stopped");
    }

    private static void closeAll(Deque<AutoCloseable> closeables) {
        for (AutoCloseable c; (c = closeables.poll()) != null; ) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Error while closing {}", c, e);
            }
        }
    }
}
