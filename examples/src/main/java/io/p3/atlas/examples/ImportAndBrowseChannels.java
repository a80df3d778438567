package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.client.Paged;
import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.ImportChannelsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports an M3U playlist file, then browses the catalog: the channel groups with their counts and the
 * first page of channels by name.
 *
 * <pre>
 * java -cp examples/target/atlas-examples.jar io.p3.atlas.examples.ImportAndBrowseChannels localhost:8080 channels.m3u
 * </pre>
 *
 * <p>The file goes to the server as {@code playlist_content} (up to the server's 10 MiB request limit;
 * larger playlists are imported from a URL with {@code CatalogExample}).
 */
public final class ImportAndBrowseChannels {
    /** Channels on the first page printed. */
    static final int PAGE_SIZE = 20;
    private static final String NO_GROUP = "(no group)";

    private ImportAndBrowseChannels() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ImportAndBrowseChannels host:port playlist.m3u");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        String playlist = Files.readString(file, StandardCharsets.UTF_8);
        try (AtlasClient atlas = AtlasClient.connect(args[0])) {
            ImportChannelsResponse r = atlas.catalog().importPlaylist(playlist, file.getFileName().toString());
            System.out.printf("imported %d channels (%d new, %d updated, %d skipped) from %s%n",
                    r.getImportedCount() + r.getUpdatedCount(), r.getImportedCount(), r.getUpdatedCount(),
                    r.getSkippedCount(), file.getFileName());
            r.getErrorsList().stream().limit(5).forEach(e -> System.out.printf("  skipped line %d: %s%n",
                    e.getLine(), e.getReason()));

            // No RPC lists groups: walk the catalog lazily (one page of 1000 in memory at a time) and count.
            Map<String, Integer> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Channel c : atlas.catalog().listChannels(null, null, null)) {
                groups.merge(c.getGroup().isEmpty() ? NO_GROUP : c.getGroup(), 1, Integer::sum);
            }
            System.out.println("channel groups in the catalog:");
            groups.forEach((group, count) -> System.out.printf("  %-30s %d%n", group, count));

            Paged.Page<Channel> page = atlas.catalog().listChannels(null, null, null).pageSize(PAGE_SIZE).firstPage();
            System.out.printf("first %d of %d channels by name:%n", page.items().size(),
                    page.totalSize().orElse(page.items().size()));
            for (Channel c : page.items()) {
                System.out.printf("  %-40s %-12s %s%n", c.getName(), c.getGroup().isEmpty() ? "-" : c.getGroup(),
                        c.getLanguage().isEmpty() ? "-" : c.getLanguage());
            }
        }
    }
}
