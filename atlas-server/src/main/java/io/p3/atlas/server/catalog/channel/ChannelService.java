package io.p3.atlas.server.catalog.channel;

import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.fields.Fields;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Channel rules: imports (validation, error mapping), cached reads, deletes. */
public final class ChannelService {
    private static final Logger log = LoggerFactory.getLogger(ChannelService.class);
    private final ChannelStore store;
    private final CatalogCache cache;
    private final PlaylistFetcher fetcher;

    public ChannelService(ChannelStore store, CatalogCache cache, PlaylistFetcher fetcher) {
        this.store = store;
        this.cache = cache;
        this.fetcher = fetcher;
    }

    /**
     * Fetches the playlist at {@code url} and imports it as it streams in, recording {@code source}
     * (default: the URL). A re-import asks for the playlist only if it changed since the last import
     * (ETag / Last-Modified); when it did not, nothing is read or written. With {@code replace}, the
     * playlist is the complete list of its source: the source's channels it no longer lists are removed.
     */
    public ImportResult importUrl(String url, String source, boolean replace) {
        String u = Fields.required("playlist_url", url, 2048);
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw AtlasException.invalidArgument("playlist_url", "playlist_url is not a valid URL: " + e.getReason());
        }
        String given = Fields.optional("source", source, 2048);
        String src = given.isEmpty() ? u : given;
        PlaylistFetcher.Fetched fetched = fetcher.fetch(uri, store.findValidators(u).orElse(null),
                reader -> importFrom(reader, src, "playlist_url", replace));
        if (fetched.notModified()) {
            return ImportResult.notModifiedResult();
        }
        store.saveValidators(u, fetched.validators());
        return fetched.value();
    }

    /** {@link #importUrl(String, String, boolean)} without removing anything. */
    public ImportResult importUrl(String url, String source) {
        return importUrl(url, source, false);
    }

    /**
     * Imports the playlist text {@code content}, recording {@code source} (default "inline") on each channel;
     * with {@code replace}, the source's channels the playlist no longer lists are removed.
     */
    public ImportResult importContent(String content, String source, boolean replace) {
        if (content == null || content.isBlank()) {
            throw AtlasException.invalidArgument("playlist_content", "playlist_content is empty; pass the M3U text");
        }
        String src = Fields.optional("source", source, 2048);
        return importFrom(new StringReader(content), src.isEmpty() ? "inline" : src, "playlist_content", replace);
    }

    /** {@link #importContent(String, String, boolean)} without removing anything. */
    public ImportResult importContent(String content, String source) {
        return importContent(content, source, false);
    }

    /**
     * Imports from {@code in} in one transaction. A non-playlist is INVALID_ARGUMENT naming {@code field};
     * caches are emptied after the commit. Removals of a replacing import are in the same transaction, so
     * an import that fails part-way removes nothing.
     */
    ImportResult importFrom(Reader in, String source, String field, boolean replace) {
        long start = System.nanoTime();
        ImportResult result;
        try {
            result = store.inImport(writer -> {
                try {
                    return ChannelImporter.run(in, writer, source, replace);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (M3uParser.NotAPlaylistException e) {
            throw AtlasException.invalidArgument(field, field + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw AtlasException.unavailable("reading " + field + " failed: " + e.getCause().getMessage()
                    + "; nothing was imported, retry later", e);
        } finally {
            cache.invalidateAll();
        }
        log.info("Imported {} new and {} updated channels ({} skipped, {} removed) from {} in {} ms",
                result.imported(), result.updated(), result.skipped(), result.removed(), field,
                (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    public Page<Channel> list(String group, String language, String query, int pageSize, String pageToken) {
        ChannelFilter filter = ChannelFilter.of(group, language, query);
        int size = PageRequest.pageSize(pageSize);
        List<String> cursor = PageToken.decode(pageToken, filter.key(), 2);
        return cache.get(CatalogCache.Area.CHANNELS, List.of("list", filter, size, pageToken == null ? "" : pageToken),
                () -> Page.cut(store.list(filter, cursor == null ? null : cursor.get(0),
                                cursor == null ? null : cursor.get(1), size + 1),
                        size, filter.key(), c -> List.of(c.name(), c.id())).withTotalSize(store.count(filter)));
    }

    public Channel get(String id) {
        Fields.id("id", id);
        Optional<Channel> channel = cache.get(CatalogCache.Area.CHANNELS, List.of("get", id), () -> store.find(id));
        return channel.orElseThrow(() -> AtlasException.notFound("channel", "no channel with id '" + id + "'"));
    }

    /** Whether a channel exists (streams reference channels). */
    public boolean exists(String id) {
        return cache.get(CatalogCache.Area.CHANNELS, List.of("get", id), () -> store.find(id)).isPresent();
    }

    public void delete(String id) {
        Fields.id("id", id);
        boolean existed = store.delete(id);
        cache.invalidateAll();
        if (!existed) {
            throw AtlasException.notFound("channel", "no channel with id '" + id + "'");
        }
    }
}
