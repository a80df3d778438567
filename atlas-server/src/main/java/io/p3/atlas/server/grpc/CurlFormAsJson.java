package io.p3.atlas.server.grpc;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * {@code curl -d '{…}'} sends {@code application/x-www-form-urlencoded}. The /v1 HTTP/JSON API takes no
 * form posts, so a form-typed body there is read as the JSON it almost always is: the plain
 * {@code curl -X POST …:heartbeat -d '{"peersConnected":3}'} works without a content-type header.
 */
public final class CurlFormAsJson implements DecoratingHttpServiceFunction {
    private static final String API_PREFIX = "/v1/";

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        MediaType type = req.contentType();
        if (type != null && type.is(MediaType.FORM_DATA) && ctx.path().startsWith(API_PREFIX)) {
            HttpRequest json = req.withHeaders(req.headers().toBuilder().contentType(MediaType.JSON_UTF_8).build());
            ctx.updateRequest(json);
            return delegate.serve(ctx, json);
        }
        return delegate.serve(ctx, req);
    }
}
