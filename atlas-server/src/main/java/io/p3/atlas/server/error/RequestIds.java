package io.p3.atlas.server.error;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AsciiString;

/**
 * Every response carries {@code x-request-id} (Armeria's id of the request, also in the access log and in
 * the log line of an unexpected error), as a header and, for gRPC, as a trailer, so a caller's report can
 * be matched to the server's log.
 */
public final class RequestIds implements DecoratingHttpServiceFunction {
    public static final AsciiString HEADER = AsciiString.cached("x-request-id");

    /** The id of {@code ctx}'s request. */
    public static String of(RequestContext ctx) {
        return ctx.id().text();
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String id = of(ctx);
        ctx.setAdditionalResponseHeader(HEADER, id);
        MediaType type = req.contentType();
        if (type != null && type.subtype().startsWith("grpc")) {
            ctx.setAdditionalResponseTrailer(HEADER, id);
        }
        return delegate.serve(ctx, req);
    }
}
