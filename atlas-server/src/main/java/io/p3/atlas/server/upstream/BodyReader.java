package io.p3.atlas.server.upstream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Consumes an upstream body as a stream. The stream is closed by the fetcher after this returns; reading it
 * may throw {@link io.p3.atlas.server.error.AtlasException} (too large, read timeout, connection lost).
 */
@FunctionalInterface
public interface BodyReader<T> {
    T read(UpstreamResponse response, InputStream body) throws IOException;
}
