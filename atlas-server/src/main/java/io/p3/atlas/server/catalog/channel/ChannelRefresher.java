package io.p3.atlas.server.catalog.channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.feature.Periodic;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled refresh of {@code ATLAS_CHANNEL_SOURCES}: each URL is imported right after start-up (in
 * the background, start-up does not wait) and again every {@code ATLAS_CHANNEL_REFRESH}. Re-imports are
 * conditional GETs, so an unchanged playlist costs one 304. Each source is the complete list of its
 * channels: a refresh removes the channels the playlist dropped (in the import's transaction, so a
 * refresh that fails removes nothing). A failing source is logged and counted
 * ({@code atlas_catalog_refresh_total{result="failed"}}); the others still run.
 */
public final class ChannelRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChannelRefresher.class);

    private final ChannelService channels;
    private final List<URI> sources;
    private final MeterRegistry meters;
    private final Periodic schedule;

    public ChannelRefresher(ChannelService channels, List<URI> sources, Duration every, MeterRegistry meters) {
        this.channels = channels;
        this.sources = List.copyOf(sources);
        this.meters = meters;
        this.schedule = this.sources.isEmpty() ? null
                : Periodic.nowAndEvery(every, "atlas-channel-refresh", this::refreshAll);
    }

    /** Imports every source once, now, on the calling thread. */
    void refreshAll() {
        for (URI source : sources) {
            try {
                ImportResult r = channels.importUrl(source.toString(), null, true);
                meters.counter("atlas.catalog.refresh", "result", r.notModified() ? "not_modified" : "ok").increment();
                log.info("Channel source {}: {}", source.getHost(), r.notModified() ? "not modified"
                        : r.imported() + " imported, " + r.updated() + " updated, " + r.skipped() + " skipped, "
                        + r.removed() + " removed");
            } catch (RuntimeException e) {
                meters.counter("atlas.catalog.refresh", "result", "failed").increment();
                log.warn("Channel source {} failed: {}", source.getHost(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.close();
        }
    }
}
