package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.v1.AssetManifest;
import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.ImportChannelsResponse;
import java.util.List;

/**
 * Imports a small M3U playlist, searches the channel catalog, and prints the media asset manifest.
 * Arguments: server (default localhost:8080), optional playlist URL the server should fetch instead.
 */
public final class CatalogExample {
    private static final String PLAYLIST = String.join("\n",
            "#EXTM3U",
            "#EXTINF:-1 tvg-id=\"DasErste.de\" tvg-logo=\"https://example.org/daserste.png\" "
                    + "group-title=\"General\" tvg-language=\"German\",Das Erste (1080p)",
            "https://example.org/daserste/master.m3u8",
            "#EXTINF:-1 tvg-id=\"ZDF.de\" group-title=\"General\" tvg-language=\"German\",ZDF (720p) [Geo-blocked]",
            "https://example.org/zdf/master.m3u8",
            "#EXTINF:-1 tvg-id=\"CBC.ca\" group-title=\"News\" tvg-language=\"English\",CBC News",
            "https://example.org/cbc/master.m3u8",
            "");

    private CatalogExample() {
    }

    public static void main(String[] args) {
        String target = args.length > 0 ? args[0] : "localhost:8080";
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            ImportChannelsResponse r = args.length > 1
                    ? atlas.catalog().importPlaylistUrl(args[1])
                    : atlas.catalog().importPlaylist(PLAYLIST, "example");
            System.out.printf("import: %d new, %d updated, %d skipped%n", r.getImportedCount(), r.getUpdatedCount(),
                    r.getSkippedCount());
            List<Channel> german = atlas.catalog().channels(null, "German", null, 10);
            for (Channel c : german) {
                System.out.printf("German channel: %s [%s] %s%n", c.getName(), c.getQuality(), c.getLabelsList());
            }
            AssetManifest media = atlas.catalog().manifest("media");
            System.out.printf("media manifest: %d assets, %d bytes, etag %s%n", media.getAssetsCount(),
                    media.getTotalSize(), media.getEtag());
        }
    }
}
