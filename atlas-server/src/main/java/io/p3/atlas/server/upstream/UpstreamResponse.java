package io.p3.atlas.server.upstream;

import java.net.URI;

/**
 * What the upstream answered (after redirects).
 *
 * @param status        the final HTTP status (2xx, or 304 for a not-modified conditional GET)
 * @param finalUri      the URL that answered, after redirects
 * @param contentType   the {@code Content-Type} header, or null
 * @param contentLength the {@code Content-Length} header, or -1 if unknown (chunked)
 * @param etag          the {@code ETag} header as sent (quotes included), or null; pass it back as
 *                      {@code ifNoneMatch} on the next fetch
 * @param lastModified  the {@code Last-Modified} header as sent, or null; pass it back as
 *                      {@code ifModifiedSince}
 */
public record UpstreamResponse(int status, URI finalUri, String contentType, long contentLength, String etag,
                               String lastModified) {
}
