package io.p3.atlas.server.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.error.JsonErrors;
import io.p3.atlas.v1.Access;
import java.util.Optional;

/**
 * Authenticates and authorizes the plain HTTP routes ({@code PUT /content/{id}}, the multipart upload,
 * and any route added later) the way {@link AuthInterceptor} does gRPC calls: 401 with
 * {@code WWW-Authenticate: Bearer}, 403, in the /v1 JSON error shape.
 */
public final class AuthDecorator implements DecoratingHttpServiceFunction {
    private final ApiKeys keys;
    private final AuthMetrics metrics;
    private final HttpRouteAccess routes;

    public AuthDecorator(ApiKeys keys, AuthMetrics metrics, HttpRouteAccess routes) {
        this.keys = keys;
        this.metrics = metrics;
        this.routes = routes;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Optional<Access> access = routes.of(ctx);
        if (access.isEmpty()) {
            return delegate.serve(ctx, req);
        }
        Caller caller = Caller.identify(req.headers().get(HttpHeaderNames.AUTHORIZATION), keys);
        AccessPolicy.Outcome outcome = AccessPolicy.decide(access.get(), caller, keys.enabled());
        metrics.count(outcome);
        if (outcome.allowed()) {
            return delegate.serve(ctx, req);
        }
        var error = AccessPolicy.refusal(outcome, access.get(), caller);
        if (outcome == AccessPolicy.Outcome.UNAUTHENTICATED) {
            ctx.setAdditionalResponseHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        req.abort();
        return JsonErrors.of(error);
    }
}
