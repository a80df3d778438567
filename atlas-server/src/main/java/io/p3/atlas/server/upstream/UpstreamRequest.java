package io.p3.atlas.server.upstream;

import io.p3.atlas.server.error.AtlasException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * One GET to fetch from an upstream.
 *
 * @param uri             an absolute http or https URL
 * @param field           the request field the URL came from (e.g. {@code playlist_url}), named in errors
 * @param maxBytes        the most body bytes accepted; more fails with FAILED_PRECONDITION
 * @param ifNoneMatch     an ETag from a previous fetch (sent as {@code If-None-Match}), or null
 * @param ifModifiedSince a Last-Modified value from a previous fetch (sent as {@code If-Modified-Since}), or null
 */
public record UpstreamRequest(URI uri, String field, long maxBytes, String ifNoneMatch, String ifModifiedSince) {

    private static final int MAX_ECHO = 200;

    public UpstreamRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(field, "field");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        ifNoneMatch = blankToNull(ifNoneMatch);
        ifModifiedSince = blankToNull(ifModifiedSince);
    }

    /** An unconditional GET. */
    public static UpstreamRequest get(URI uri, String field, long maxBytes) {
        return new UpstreamRequest(uri, field, maxBytes, null, null);
    }

    /** A conditional GET with the validators of a previous response (either may be null). */
    public static UpstreamRequest conditional(URI uri, String field, long maxBytes, String etag, String lastModified) {
        return new UpstreamRequest(uri, field, maxBytes, etag, lastModified);
    }

    /** This request with the validators of a previous response. */
    public UpstreamRequest withConditions(String etag, String lastModified) {
        return new UpstreamRequest(uri, field, maxBytes, etag, lastModified);
    }

    /**
     * Parses a URL a caller sent: an absolute http or https URL with a host and no user info. Anything else is
     * INVALID_ARGUMENT naming {@code field}.
     */
    public static URI parseUri(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw AtlasException.invalidArgument(field, field + " is required");
        }
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw AtlasException.invalidArgument(field, field + " is not a valid URL: '" + echo(raw) + "' ("
                    + e.getReason() + ")");
        }
        return checkUri(uri, field);
    }

    /** Validates a URL before any connection: scheme http/https, a host, a valid port, no user info. */
    static URI checkUri(URI uri, String field) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw AtlasException.invalidArgument(field, field + " must be an absolute http or https URL, got '"
                    + echo(uri.toString()) + "'");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw AtlasException.invalidArgument(field, field + " must use http or https, got scheme '"
                    + echo(uri.getScheme()) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw AtlasException.invalidArgument(field,
                    field + " must name a host, got '" + echo(uri.toString()) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw AtlasException.invalidArgument(field, field + " must not contain user info (credentials)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw AtlasException.invalidArgument(field, field + " has an invalid port " + uri.getPort());
        }
        return uri;
    }

    /** Scheme, host, port and path of {@code uri}, without query or user info (which may hold secrets). */
    static String describe(URI uri) {
        StringBuilder b = new StringBuilder();
        b.append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() != -1) {
            b.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        b.append(path == null || path.isEmpty() ? "/" : path);
        return echo(b.toString());
    }

    private static String echo(String s) {
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
