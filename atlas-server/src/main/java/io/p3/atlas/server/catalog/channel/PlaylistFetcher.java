package io.p3.atlas.server.catalog.channel;

import java.io.Reader;
import java.net.URI;
import java.util.function.Function;

/**
 * Fetches a playlist over HTTP for an import: conditional on the validators of the previous fetch,
 * size-capped, and handing the body to the importer as a stream. Failures are AtlasExceptions naming
 * {@code playlist_url}.
 */
public interface PlaylistFetcher {

    /**
     * GETs {@code uri} (with If-None-Match / If-Modified-Since from {@code previous}, if not null) and,
     * unless it answers 304, applies {@code body} to the decoded body.
     */
    Fetched fetch(URI uri, ChannelStore.PlaylistValidators previous, Function<Reader, ImportResult> body);

    /** The outcome: {@code value} is null when {@code notModified}. */
    record Fetched(boolean notModified, ChannelStore.PlaylistValidators validators, ImportResult value) {
    }
}
