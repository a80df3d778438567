package io.p3.atlas.server.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.catalog.app.AppService;
import io.p3.atlas.server.catalog.app.MyBatisAppStore;
import io.p3.atlas.server.catalog.channel.ChannelService;
import io.p3.atlas.server.catalog.channel.MyBatisChannelStore;
import io.p3.atlas.server.catalog.channel.ChannelRefresher;
import io.p3.atlas.server.catalog.channel.UpstreamPlaylistFetcher;
import io.p3.atlas.server.catalog.manifest.AssetManifestSource;
import io.p3.atlas.server.catalog.manifest.ManifestService;
import io.p3.atlas.server.catalog.stream.MyBatisStreamStore;
import io.p3.atlas.server.catalog.stream.StreamService;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.upstream.UpstreamFetcher;
import java.time.Clock;

/** The catalog feature assembled: its services, cache and gRPC service, built by the composition root. */
public final class CatalogFeature implements AutoCloseable {
    private final CatalogCache cache;
    private final ChannelService channels;
    private final CatalogGrpcService grpcService;
    private final ChannelRefresher refresher;
    private final PgCacheInvalidation invalidation;

    /** Builds the catalog and starts the refresh of {@code config.channelSources()} (if any). */
    public CatalogFeature(CatalogConfig config, Database db, MeterRegistry meters, Clock clock, UpstreamFetcher upstream,
                   AssetManifestSource assets) {
        this.cache = new CatalogCache(config.cacheTtl(), meters);
        if (db.kind() == DatabaseKind.POSTGRESQL) {
            this.invalidation = new PgCacheInvalidation(db.dataSource(), cache::clearLocal);
            cache.onWrite(invalidation::publish);
        } else {
            this.invalidation = null; // embedded H2: one process, nothing to tell
        }
        this.channels = new ChannelService(new MyBatisChannelStore(db, clock), cache,
                new UpstreamPlaylistFetcher(upstream, config.playlistMaxBytes()));
        StreamService streams = new StreamService(new MyBatisStreamStore(db), cache, channels::exists, clock);
        AppService apps = new AppService(new MyBatisAppStore(db), cache, clock);
        this.grpcService = new CatalogGrpcService(channels, streams, apps, new ManifestService(assets, cache, clock));
        this.refresher = new ChannelRefresher(channels, config.channelSources(), config.channelRefresh(), meters);
    }

    public CatalogGrpcService grpcService() {
        return grpcService;
    }

    public ChannelService channels() {
        return channels;
    }

    /** Empties the read caches; call after writes the catalog doesn't see (e.g. new assets). */
    public void invalidateCaches() {
        cache.invalidateAll();
    }

    /** Stops the scheduled refresh and the invalidation listener. */
    @Override
    public void close() {
        refresher.close();
        if (invalidation != null) {
            invalidation.close();
        }
    }
}
