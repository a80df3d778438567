package io.p3.atlas.server.content;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Fetches an upstream URL and hands its body, as a stream, to {@code sink}. Implemented over the
 * shared upstream fetcher (SSRF guard, timeouts, size cap); tests can pass their own.
 */
@FunctionalInterface
public interface UpstreamDownload {

    /** What a successful fetch delivers to the sink. */
    @FunctionalInterface
    interface Sink {
        /** {@code contentLength} is -1 when the upstream did not declare it. */
        void accept(String contentType, long contentLength, InputStream body) throws IOException;
    }

    /** Fetches {@code uri} (at most {@code maxBytes}) into {@code sink}; failures are AtlasExceptions. */
    void download(URI uri, long maxBytes, Sink sink);
}
