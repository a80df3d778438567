package io.p3.atlas.server.resilience;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.error.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} calls of one service at once. A call over the limit is answered at once, before its
 * body is read, with RESOURCE_EXHAUSTED (gRPC, gRPC-Web) or 503 (HTTP) and a retry delay: it is never
 * queued, so admitted calls keep their latency and memory stays bounded by the limit. A call holds its
 * place until its response is complete (streams included). CORS preflights are not counted.
 *
 * <p>Metrics: {@code atlas_calls_in_flight{service}} and {@code atlas_calls_rejected_total{service}}.
 */
final class ConcurrencyLimit implements DecoratingHttpServiceFunction {
    /** How long a refused caller is told to wait. */
    static final Duration OVERLOAD_RETRY_DELAY = Duration.ofSeconds(1);
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejected;
    private final Refusal rejection;

    ConcurrencyLimit(String service, int max, MeterRegistry meters) {
        this.max = max;
        this.rejection = overloaded(service, max);
        Gauge.builder("atlas.calls.in.flight", inFlight, AtomicInteger::get).tag("service", service)
                .description("Calls being served; at most ATLAS_MAX_CONCURRENT_CALLS per service").register(meters);
        this.rejected = Counter.builder("atlas.calls.rejected").tag("service", service)
                .description("Calls refused because the service was serving its maximum").register(meters);
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (req.method() == HttpMethod.OPTIONS) {
            return delegate.serve(ctx, req);
        }
        if (!tryAcquire()) {
            rejected.increment();
            return rejection.respond(ctx, req.headers());
        }
        ctx.log().whenComplete().handle((log, error) -> inFlight.decrementAndGet());
        return delegate.serve(ctx, req);
    }

    /** {@code service} is serving its maximum: RESOURCE_EXHAUSTED, reason SERVER_OVERLOADED, HTTP 503. */
    static Refusal overloaded(String service, int max) {
        return new Refusal(new AtlasException(ErrorCode.RESOURCE_EXHAUSTED, null, service
                + " is serving its maximum of " + max + " concurrent calls; retry after "
                + OVERLOAD_RETRY_DELAY.toSeconds() + " s", OVERLOAD_RETRY_DELAY, null, "SERVER_OVERLOADED"),
                HttpStatus.SERVICE_UNAVAILABLE);
    }

    /** Never counts past the limit, even for an instant, so the in-flight gauge is a true bound. */
    private boolean tryAcquire() {
        for (int n = inFlight.get(); n < max; n = inFlight.get()) {
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }
}
