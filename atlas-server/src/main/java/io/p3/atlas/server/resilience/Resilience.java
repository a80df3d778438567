package io.p3.atlas.server.resilience;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.healthcheck.ListenableHealthChecker;
import com.linecorp.armeria.server.healthcheck.SettableHealthChecker;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.persistence.DatabaseHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Overload protection and outage signals, wired once by the composition root: a concurrency limit per
 * service on every transport ({@link ConcurrencyLimit}), the server's request timeout and connection cap,
 * {@code Retry-After} on every 503/429, and readiness that follows the database health probe.
 */
public final class Resilience {
    private final ResilienceConfig config;
    private final MeterRegistry meters;
    private final Map<String, ConcurrencyLimit> limits = new ConcurrentHashMap<>();

    public Resilience(ResilienceConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /**
     * The decorators to add {@code service} with ({@code GrpcServiceBuilder.addService(service, …)}): its
     * concurrency limit, which then covers gRPC, gRPC-Web, unframed and transcoded HTTP/JSON calls alike.
     */
    public List<Function<? super HttpService, ? extends HttpService>> decoratorsFor(BindableService service) {
        ConcurrencyLimit limit = limit(service.bindService().getServiceDescriptor().getName(),
                config.maxConcurrentCalls());
        return List.of(s -> s.decorate(limit));
    }

    /**
     * One concurrency limit of {@code ATLAS_MAX_CONCURRENT_TRANSFERS}, named {@code name} in the metrics,
     * shared by the plain HTTP routes matching {@code paths} (route patterns such as {@code prefix:/content/}).
     */
    public void limitTransferRoutes(ServerBuilder sb, String name, String... paths) {
        ConcurrencyLimit limit = limit(name, config.maxConcurrentTransfers());
        for (String path : paths) {
            sb.decorator(path, limit);
        }
    }

    /** The server-wide parts: request timeout, connection cap, {@code Retry-After} on 503 and 429. */
    public ServerBuilder applyTo(ServerBuilder sb) {
        return sb.requestTimeout(config.requestTimeout())
                .maxNumConnections(config.maxConnections())
                .decorator(new RetryAfterHeader());
    }

    /** Readiness that follows {@code health} at once, both ways (NOT_SERVING while the database is down). */
    public static ListenableHealthChecker databaseChecker(DatabaseHealth health) {
        SettableHealthChecker checker = new SettableHealthChecker(true);
        health.addListener(checker::setHealthy);
        return checker.setHealthy(health.isUp());
    }

    private ConcurrencyLimit limit(String name, int max) {
        return limits.computeIfAbsent(name, n -> new ConcurrencyLimit(n, max, meters));
    }
}
