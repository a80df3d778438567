package io.p3.atlas.server.upstream;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;
import java.util.Objects;

/**
 * How the shared upstream fetcher talks to the outside world.
 *
 * @param connectTimeout {@code ATLAS_UPSTREAM_CONNECT_TIMEOUT}: TCP (and TLS) connection set-up
 * @param readTimeout    {@code ATLAS_UPSTREAM_READ_TIMEOUT}: the longest wait for the response headers or
 *                       for the next bytes of a body (an idle timeout: a long, steady download is fine)
 * @param maxRedirects   {@code ATLAS_UPSTREAM_MAX_REDIRECTS}: redirects followed per request (0: none)
 * @param allowPrivate   {@code ATLAS_UPSTREAM_ALLOW_PRIVATE}: lifts the server-side request forgery guard
 *                       (loopback, private, link-local, ... addresses) for local testing
 */
public record UpstreamConfig(Duration connectTimeout, Duration readTimeout, int maxRedirects, boolean allowPrivate) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    public UpstreamConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new ConfigException("ATLAS_UPSTREAM_CONNECT_TIMEOUT must be positive, got " + connectTimeout);
        }
        if (readTimeout.isZero() || readTimeout.isNegative()) {
            throw new ConfigException("ATLAS_UPSTREAM_READ_TIMEOUT must be positive, got " + readTimeout);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new ConfigException("ATLAS_UPSTREAM_MAX_REDIRECTS must be between 0 and 20, got " + maxRedirects);
        }
    }

    /** The defaults: PT5S, PT30S, 5 redirects, guard on. */
    public static UpstreamConfig defaults() {
        return new UpstreamConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_REDIRECTS, false);
    }

    public static UpstreamConfig from(EnvReader env) {
        return new UpstreamConfig(
                env.duration("ATLAS_UPSTREAM_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
                env.duration("ATLAS_UPSTREAM_READ_TIMEOUT", DEFAULT_READ_TIMEOUT),
                env.integer("ATLAS_UPSTREAM_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS),
                env.bool("ATLAS_UPSTREAM_ALLOW_PRIVATE", false));
    }
}
