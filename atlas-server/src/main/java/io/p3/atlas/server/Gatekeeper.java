package io.p3.atlas.server;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.auth.ApiKeys;
import io.p3.atlas.server.auth.AuthConfig;
import io.p3.atlas.server.auth.AuthDecorator;
import io.p3.atlas.server.auth.AuthInterceptor;
import io.p3.atlas.server.auth.AuthMetrics;
import io.p3.atlas.server.auth.HttpRouteAccess;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.error.CallerFaults;
import io.p3.atlas.server.error.HttpErrorHandler;
import io.p3.atlas.server.error.RequestIds;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.ratelimit.ClientIds;
import io.p3.atlas.server.ratelimit.RateLimitConfig;
import io.p3.atlas.server.ratelimit.RateLimitDecorator;
import io.p3.atlas.server.ratelimit.RateLimitGrpcService;
import io.p3.atlas.server.ratelimit.RateLimitInterceptor;
import io.p3.atlas.server.ratelimit.RateLimiter;
import io.p3.atlas.v1.Access;
import java.time.Clock;
import java.util.Optional;

/**
 * Wires the cross-cutting request guards once, for every route present and future: API keys and roles
 * ({@code auth}), token buckets ({@code ratelimit}), request ids, size caps and the HTTP error handler.
 * gRPC calls (every transport) are checked by interceptors from the access level each RPC declares in
 * the contract; plain HTTP routes by decorators. Config errors surface here, before anything is served.
 */
final class Gatekeeper implements AutoCloseable {
    /** Largest request header block (HTTP/1 headers, HTTP/2 header list: gRPC metadata too). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Largest unary gRPC message and HTTP/JSON body (ImportChannels' inline playlists fit). */
    static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final AuthMetrics authMetrics;
    private final ClientIds clients;
    private final Clock clock;
    /** Writes to plain routes are ADMIN unless listed (deny by default). */
    private final HttpRouteAccess routes = new HttpRouteAccess()
            .write("/content/", Access.ACCESS_PUBLISHER)
            .write("/v1/assets:upload", Access.ACCESS_PUBLISHER);

    private Gatekeeper(ApiKeys keys, RateLimiter limiter, AuthMetrics authMetrics, ClientIds clients, Clock clock) {
        this.keys = keys;
        this.limiter = limiter;
        this.authMetrics = authMetrics;
        this.clients = clients;
        this.clock = clock;
    }

    /** Reads ATLAS_API_KEYS_FILE and the ATLAS_RATE_LIMIT_* settings (malformed: {@code ConfigException}). */
    static Gatekeeper create(EnvReader env, Database db, MeterRegistry meters, Clock clock) {
        RateLimitConfig rateLimits = RateLimitConfig.from(env);
        ApiKeys keys = ApiKeys.load(AuthConfig.from(env));
        try {
            RateLimiter limiter = RateLimiter.create(rateLimits,
                    db.kind() == DatabaseKind.POSTGRESQL ? Optional.of(db.dataSource()) : Optional.empty(), clock, meters);
            return new Gatekeeper(keys, limiter, new AuthMetrics(meters),
                    new ClientIds(keys, rateLimits.trustedProxies()), clock);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /**
     * RateLimitService, and the interceptors (the last listed runs first): caller faults are never INTERNAL,
     * then rate limit (guessing keys costs budget), then auth.
     */
    GrpcServiceBuilder applyTo(GrpcServiceBuilder grpc) {
        return grpc.addService(new RateLimitGrpcService(limiter, clock))
                .maxRequestMessageLength(MAX_MESSAGE_BYTES)
                .intercept(new AuthInterceptor(keys, authMetrics), new RateLimitInterceptor(limiter, clients),
                        new CallerFaults());
    }

    /** Decorators for plain routes (auth inside rate limit inside request ids), error handler, header caps. */
    ServerBuilder applyTo(ServerBuilder sb) {
        return sb.decorator(new AuthDecorator(keys, authMetrics, routes))
                .decorator(new RateLimitDecorator(limiter, clients, routes))
                .decorator(new RequestIds())
                .errorHandler(new HttpErrorHandler(MAX_HEADER_BYTES))
                .http1MaxHeaderSize(MAX_HEADER_BYTES)
                .http2MaxHeaderListSize(MAX_HEADER_BYTES)
                .maxRequestLength(MAX_MESSAGE_BYTES);
    }

    @Override
    public void close() {
        limiter.close();
        keys.close();
    }
}
