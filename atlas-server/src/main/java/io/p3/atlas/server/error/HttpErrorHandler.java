package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.Descriptors.Descriptor;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures that happen outside a service's own error handling, answered in the /v1 JSON error shape:
 * <ul>
 *   <li>HTTP/JSON transcoding refusing a request before the RPC runs (a query parameter that is not a
 *       number, a body that is not a JSON object): 400 INVALID_ARGUMENT naming the field;</li>
 *   <li>bodies over the size cap: 413 naming the limit; request headers over theirs: 431 naming it;</li>
 *   <li>anything unexpected: logged with the request id, answered 500 with that id and nothing else.</li>
 * </ul>
 */
public final class HttpErrorHandler implements ServerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpErrorHandler.class);

    private final int maxHeaderBytes;

    public HttpErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (cause instanceof HttpStatusException e && e.httpStatus() == HttpStatus.BAD_REQUEST
                && e.getCause() instanceof IllegalArgumentException iae) {
            return HttpJsonErrors.of(transcodingError(ctx, iae));
        }
        if (cause instanceof ContentTooLargeException e) {
            return isGrpc(ctx.request().headers()) ? grpcTooLarge(ctx.request().headers(), e.maxContentLength()).toHttpResponse()
                    : tooLarge(e.maxContentLength());
        }
        if (cause instanceof AtlasException e) {
            return HttpJsonErrors.of(e);
        }
        if (GrpcErrors.isDatabaseUnavailable(cause)) {
            // e.g. a shared rate-limit budget checked while PostgreSQL is down: 503 with RetryInfo (and Retry-After)
            return HttpJsonErrors.of(GrpcErrors.databaseUnavailable(cause));
        }
        if (isFrameworkSignal(cause)) {
            return null;  // Armeria's own statuses: timeouts (503), cancellation, shutting down, HttpStatusException
        }
        log.error("Unexpected error serving {} {} (request id {})", ctx.method(), ctx.path(), RequestIds.of(ctx), cause);
        return HttpJsonErrors.of(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL,
                "internal error (request id " + RequestIds.of(ctx) + ")");
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                               HttpStatus status, String description, Throwable cause) {
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            long limit = cause instanceof ContentTooLargeException e && e.maxContentLength() > 0
                    ? e.maxContentLength() : config.maxRequestLength();
            return headers != null && isGrpc(headers) ? grpcTooLarge(headers, limit) : tooLarge(limit).aggregate().join();
        }
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
            return HttpJsonErrors.of(status, Status.Code.RESOURCE_EXHAUSTED, "the request headers are larger than"
                    + " the limit of " + maxHeaderBytes + " bytes").aggregate().join();
        }
        return null;
    }

    private static boolean isGrpc(RequestHeaders headers) {
        var type = headers.contentType();
        return type != null && type.subtype().startsWith("grpc");
    }

    /**
     * gRPC and gRPC-Web callers get a status they understand: RESOURCE_EXHAUSTED naming the limit, in the
     * trailers for gRPC, in the headers (trailers-only) for gRPC-Web.
     */
    private static AggregatedHttpResponse grpcTooLarge(RequestHeaders request, long limit) {
        HttpHeaders status = HttpHeaders.builder()
                .add("grpc-status", Integer.toString(Status.Code.RESOURCE_EXHAUSTED.value()))
                .add("grpc-message", "the request message is larger than the limit of " + limit + " bytes").build();
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(request.contentType()).build();
        if (request.contentType().subtype().startsWith("grpc-web")) {
            return AggregatedHttpResponse.of(headers.toBuilder().add(status).build());
        }
        return AggregatedHttpResponse.of(headers, HttpData.empty(), status);
    }

    private static HttpResponse tooLarge(long limit) {
        AtlasException error = AtlasException.resourceExhausted("the request body is larger than the limit of "
                + limit + " bytes", null);
        return HttpJsonErrors.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, error,
                ResponseHeaders.builder(HttpStatus.REQUEST_ENTITY_TOO_LARGE));
    }

    /** What transcoding refused, naming the query parameter's field when a value does not fit it. */
    private static AtlasException transcodingError(ServiceRequestContext ctx, IllegalArgumentException iae) {
        if (iae.getCause() instanceof JsonProcessingException json) {
            return JsonFieldErrors.notJson(json);
        }
        Descriptor input = inputType(ctx);
        if (input != null) {
            AtlasException param = JsonFieldErrors.diagnoseParams(input, ctx.queryParams());
            if (param != null) {
                return param;
            }
        }
        String m = iae.getMessage() == null ? "" : iae.getMessage();
        if (m.startsWith("Unexpected JSON")) {
            return AtlasException.invalidArgument(null, "the request body must be a JSON object");
        }
        if (m.startsWith("Missing or invalid content-type")) {
            return AtlasException.invalidArgument(null, "send the request body as JSON (content-type: application/json)");
        }
        if (m.startsWith("Invalid request body")) {
            return AtlasException.invalidArgument(null, m);
        }
        return AtlasException.invalidArgument(null, "the request does not fit this method's parameters");
    }

    private static Descriptor inputType(ServiceRequestContext ctx) {
        GrpcService grpc = ctx.config().service().as(GrpcService.class);
        ServerMethodDefinition<?, ?> method = grpc == null ? null : grpc.methodDefinition(ctx);
        if (method != null && method.getMethodDescriptor().getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier s) {
            return s.getMethodDescriptor().getInputType();
        }
        return null;
    }

    private static boolean isFrameworkSignal(Throwable cause) {
        return cause instanceof HttpStatusException || cause instanceof HttpResponseException
                || cause instanceof com.linecorp.armeria.server.RequestCancellationException
                || cause instanceof com.linecorp.armeria.server.RequestTimeoutException
                || cause instanceof com.linecorp.armeria.common.ClosedSessionException
                || cause instanceof com.linecorp.armeria.common.stream.ClosedStreamException
                || cause instanceof com.linecorp.armeria.common.stream.AbortedStreamException
                || cause instanceof com.linecorp.armeria.common.stream.CancelledSubscriptionException
                || cause instanceof com.linecorp.armeria.common.ShuttingDownException;
    }
}
