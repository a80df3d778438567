package io.p3.atlas.server.content;

import io.p3.atlas.server.upstream.UpstreamFetcher;
import io.p3.atlas.server.upstream.UpstreamRequest;
import java.net.URI;

/**
 * Pull-through downloads through the shared {@link UpstreamFetcher}: its SSRF guard, timeouts and size
 * cap apply; the body streams straight into the sink. Failures name {@code source_url}.
 */
public final class FetcherDownload implements UpstreamDownload {
    private final UpstreamFetcher fetcher;

    public FetcherDownload(UpstreamFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public void download(URI uri, long maxBytes, Sink sink) {
        fetcher.get(UpstreamRequest.get(uri, "source_url", maxBytes), (response, body) -> {
            sink.accept(response.contentType(), response.contentLength(), body);
            return null;
        });
    }
}
