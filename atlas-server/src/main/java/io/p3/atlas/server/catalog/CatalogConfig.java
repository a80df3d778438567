package io.p3.atlas.server.catalog;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CatalogService configuration.
 *
 * @param cacheTtl         {@code ATLAS_CATALOG_TTL}: how long cached reads live (default PT60S)
 * @param channelSources   {@code ATLAS_CHANNEL_SOURCES}: playlist URLs imported at start-up and on every refresh
 * @param channelRefresh   {@code ATLAS_CHANNEL_REFRESH}: how often the sources are re-imported (default PT6H)
 * @param playlistMaxBytes {@code ATLAS_PLAYLIST_MAX_BYTES}: the largest playlist fetched from a URL (default 50 MiB)
 */
public record CatalogConfig(Duration cacheTtl, List<URI> channelSources, Duration channelRefresh,
                            long playlistMaxBytes) {
    public static final long DEFAULT_PLAYLIST_MAX_BYTES = 50L * 1024 * 1024;

    public CatalogConfig {
        channelSources = List.copyOf(channelSources);
        if (channelRefresh.isZero()) {
            throw new ConfigException("ATLAS_CHANNEL_REFRESH must be longer than zero, got " + channelRefresh);
        }
        if (playlistMaxBytes <= 0) {
            throw new ConfigException("ATLAS_PLAYLIST_MAX_BYTES must be positive, got " + playlistMaxBytes);
        }
    }

    public static CatalogConfig from(EnvReader env) {
        return new CatalogConfig(
                env.duration("ATLAS_CATALOG_TTL", Duration.ofSeconds(60)),
                sources(env.string("ATLAS_CHANNEL_SOURCES", "")),
                env.duration("ATLAS_CHANNEL_REFRESH", Duration.ofHours(6)),
                env.longValue("ATLAS_PLAYLIST_MAX_BYTES", DEFAULT_PLAYLIST_MAX_BYTES));
    }

    private static List<URI> sources(String value) {
        List<URI> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                URI uri = new URI(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    throw new URISyntaxException(s, "not an http or https URL");
                }
                out.add(uri);
            } catch (URISyntaxException e) {
                throw new ConfigException("ATLAS_CHANNEL_SOURCES must be comma-separated http/https URLs; '" + s
                        + "' is not one (" + e.getReason() + ")");
            }
        }
        return out;
    }
}
