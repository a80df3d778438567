package io.p3.atlas.server.catalog;

import io.grpc.BindableService;
import io.p3.atlas.server.catalog.app.AppService;
import io.p3.atlas.server.catalog.app.MyBatisAppStore;
import io.p3.atlas.server.catalog.channel.ChannelService;
import io.p3.atlas.server.catalog.channel.MyBatisChannelStore;
import io.p3.atlas.server.catalog.channel.ChannelRefresher;
import io.p3.atlas.server.catalog.channel.UpstreamPlaylistFetcher;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.catalog.cache.CacheInvalidation;
import io.p3.atlas.server.catalog.manifest.AssetManifestSource;
import io.p3.atlas.server.catalog.manifest.ManifestService;
import io.p3.atlas.server.catalog.stream.MyBatisStreamStore;
import io.p3.atlas.server.catalog.stream.CatalogStreamService;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.server.persistence.Database;
import java.time.Clock;
import java.util.List;

/** The catalog feature assembled: its services, cache and gRPC service, built by the composition root. */
public final class CatalogFeature implements Feature {
    private final CatalogCache cache;
    private final CatalogGrpcService grpcService;
    private final ChannelRefresher refresher;

    /**
     * Builds the catalog and starts the refresh of the configured channel sources (if any); manifests list
     * what {@code assets} holds (the content feature, wired by the composition root).
     */
    public CatalogFeature(FeatureContext ctx, AssetManifestSource assets) {
        CatalogConfig config = CatalogConfig.from(ctx.env());
        Database db = ctx.db();
        Clock clock = ctx.clock();
        this.cache = new CatalogCache(config.cacheTtl(), ctx.meters());
        CacheInvalidation.connect(cache, ctx.notifier());
        ChannelService channels = new ChannelService(new MyBatisChannelStore(db, clock), cache,
                new UpstreamPlaylistFetcher(ctx.upstream(), config.playlistMaxBytes()));
        CatalogStreamService streams = new CatalogStreamService(new MyBatisStreamStore(db), cache, channels::exists,
                clock);
        AppService apps = new AppService(new MyBatisAppStore(db), cache, clock);
        this.grpcService = new CatalogGrpcService(channels, streams, apps, new ManifestService(assets, cache, clock));
        this.refresher = new ChannelRefresher(channels, config.channelSources(), config.channelRefresh(), ctx.meters());
    }

    /** atlas.v1.CatalogService. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of(grpcService);
    }

    /** Empties the read caches; call after writes the catalog doesn't see (e.g. new assets). */
    public void invalidateCaches() {
        cache.invalidateAll();
    }

    /** Stops the scheduled refresh. */
    @Override
    public void close() {
        refresher.close();
    }
}
