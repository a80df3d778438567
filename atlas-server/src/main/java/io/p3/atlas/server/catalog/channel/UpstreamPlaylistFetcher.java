package io.p3.atlas.server.catalog.channel;

import io.p3.atlas.server.upstream.UpstreamFetcher;
import io.p3.atlas.server.upstream.UpstreamRequest;
import io.p3.atlas.server.upstream.UpstreamResult;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * Playlists through the shared {@link UpstreamFetcher}: SSRF guard, timeouts, redirects, a size cap of
 * {@code maxBytes} ({@code ATLAS_PLAYLIST_MAX_BYTES}) and conditional GETs. The body is decoded as the
 * charset its Content-Type names, UTF-8 by default, and streamed to the importer.
 */
public final class UpstreamPlaylistFetcher implements PlaylistFetcher {
    private static final String FIELD = "playlist_url";

    private final UpstreamFetcher upstream;
    private final long maxBytes;

    public UpstreamPlaylistFetcher(UpstreamFetcher upstream, long maxBytes) {
        this.upstream = upstream;
        this.maxBytes = maxBytes;
    }

    @Override
    public Fetched fetch(URI uri, ChannelStore.PlaylistValidators previous, Function<Reader, ImportResult> body) {
        UpstreamRequest request = UpstreamRequest.get(UpstreamRequest.parseUri(uri.toString(), FIELD), FIELD, maxBytes);
        if (previous != null) {
            request = request.withConditions(previous.etag(), previous.lastModified());
        }
        UpstreamResult<ImportResult> result = upstream.get(request,
                (response, in) -> body.apply(new InputStreamReader(in, charset(response.contentType()))));
        return new Fetched(result.notModified(),
                new ChannelStore.PlaylistValidators(result.response().etag(), result.response().lastModified()),
                result.value());
    }

    /** The charset parameter of {@code contentType}, or UTF-8 if absent or unknown. */
    static Charset charset(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    String name = p.substring("charset=".length()).replace("\"", "").strip();
                    try {
                        return Charset.forName(name);
                    } catch (IllegalArgumentException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
