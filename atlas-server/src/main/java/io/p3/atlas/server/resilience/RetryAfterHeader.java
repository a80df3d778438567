package io.p3.atlas.server.resilience;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.error.GrpcErrors;
import java.time.Duration;

/**
 * Every HTTP 503 and 429 says when to come back: {@code Retry-After} in whole seconds, from the RetryInfo of
 * the error the call failed with ({@link GrpcErrors#RETRY_AFTER}), else 1 s. A response that already has
 * one (or whose context will add one, as the rate limiter does) keeps it. gRPC answers (HTTP 200) carry
 * RetryInfo instead.
 */
final class RetryAfterHeader implements DecoratingHttpServiceFunction {
    private static final Duration DEFAULT = Duration.ofSeconds(1);

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        return delegate.serve(ctx, req).mapHeaders(h -> {
            int code = h.status().code();
            if ((code == 503 || code == 429) && !h.contains(HttpHeaderNames.RETRY_AFTER)
                    && !ctx.additionalResponseHeaders().contains(HttpHeaderNames.RETRY_AFTER)) {
                return h.toBuilder().set(HttpHeaderNames.RETRY_AFTER, seconds(ctx.attr(GrpcErrors.RETRY_AFTER)))
                        .build();
            }
            return h;
        });
    }

    /** {@code delay} rounded up to whole seconds, at least 1; 1 when null. */
    static String seconds(Duration delay) {
        Duration d = delay == null ? DEFAULT : delay;
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Long.toString(Math.max(1, s));
    }
}
