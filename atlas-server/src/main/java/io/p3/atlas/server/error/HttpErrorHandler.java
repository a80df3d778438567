package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-wide error handler: every failure that reaches Armeria outside a gRPC call answers the one
 * JSON error shape of {@link JsonErrors}, with a message saying what was wrong and the expected form:
 * <ul>
 *   <li>an {@link AtlasException} thrown by a decorator (401 with {@code WWW-Authenticate: Bearer}, 403, 429
 *       with {@code Retry-After}: the decorators set those headers on the context) or a plain route;</li>
 *   <li>HTTP/JSON transcoding refusing a request before its call began (a body that is not JSON, a wrong
 *       content-type): 400 or 415;</li>
 *   <li>a body over the size cap: 413 naming the limit (gRPC and gRPC-Web callers get RESOURCE_EXHAUSTED in
 *       their own protocol); request headers over theirs: 431 naming it; an unknown path: 404;</li>
 *   <li>database trouble: 503; anything unexpected: logged once with the request id, answered 500 with that
 *       id and nothing else.</li>
 * </ul>
 * Client errors are logged as one DEBUG line, never with a stack trace, and are kept out of Armeria's
 * "unlogged exceptions" report. Every answer keeps the context's headers ({@code x-request-id}, RateLimit).
 */
public final class HttpErrorHandler implements ServerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpErrorHandler.class);

    private final int maxHeaderBytes;

    /** {@code maxHeaderBytes}: the header cap the server is built with, named by a 431 answer. */
    public HttpErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        Throwable t = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof AtlasException e) {
            if (JsonErrors.httpStatus(e.code().grpcCode()).isClientError()) {
                clientError(ctx, e.code().grpcCode(), e.getMessage());
            }
            return JsonErrors.of(e);
        }
        long tooLarge = CallerFaults.tooLargeLimit(t);
        if (tooLarge >= 0) {
            long limit = tooLarge > 0 ? tooLarge : ctx.maxRequestLength();
            return isGrpc(ctx.request().headers()) ? grpcTooLarge(ctx.request().headers(), limit).toHttpResponse()
                    : clientError(ctx, HttpStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(limit));
        }
        if (t instanceof HttpStatusException e && e.httpStatus().isClientError()
                && e.getCause() instanceof IllegalArgumentException bad) {
            // Armeria's HTTP/JSON transcoding refused the request before any call began.
            return isContentTypeProblem(bad) ? clientError(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, contentTypeMessage(ctx))
                    : clientError(ctx, HttpStatus.BAD_REQUEST, describe(bad));
        }
        if (GrpcErrors.isDatabaseUnavailable(t)) {
            // e.g. a shared rate-limit budget checked while PostgreSQL is down: 503 with RetryInfo (and Retry-After)
            return JsonErrors.of(GrpcErrors.databaseUnavailable(t));
        }
        if (isFrameworkSignal(t)) {
            return null; // Armeria's own statuses (404, 405, timeouts, shutting down), rendered by renderStatus
        }
        String id = RequestIds.of(ctx);
        log.error("Unexpected error serving {} {} (request id {})", ctx.method(), ctx.path(), id, t);
        ctx.setShouldReportUnloggedExceptions(false); // logged here, once
        return JsonErrors.render(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL,
                "internal error (request id " + id + ")").toHttpResponse();
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                               HttpStatus status, String description, Throwable cause) {
        if (status.isContentAlwaysEmpty()) {
            return null;
        }
        long limit = cause instanceof ContentTooLargeException e && e.maxContentLength() > 0
                ? e.maxContentLength() : config.maxRequestLength();
        if (isGrpc(headers)) {
            // gRPC answers in its own trailers; only a body over the cap is refused before the call exists.
            return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? grpcTooLarge(headers, limit) : null;
        }
        Status.Code code = JsonErrors.grpcCode(status);
        String message;
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            message = tooLarge(limit);
        } else if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
            message = "the request headers are larger than the limit of " + maxHeaderBytes + " bytes";
        } else if (status.isServerError()) {
            message = status.code() == 503 ? "the server is unavailable (shutting down or overloaded); retry later"
                    : "internal error" + (ctx == null ? "" : " (request id " + RequestIds.of(ctx) + ")");
        } else {
            message = describe(status, description, headers, ctx);
        }
        if (status.isClientError()) {
            if (ctx != null) {
                ctx.setShouldReportUnloggedExceptions(false);
            }
            log.debug("{} {}: {}", status.code(), where(ctx, headers), message);
        }
        return JsonErrors.render(status, code, message);
    }

    private static HttpResponse clientError(ServiceRequestContext ctx, HttpStatus status, String message) {
        clientError(ctx, JsonErrors.grpcCode(status), message);
        return JsonErrors.render(status, JsonErrors.grpcCode(status), message).toHttpResponse();
    }

    private static void clientError(ServiceRequestContext ctx, Status.Code code, String message) {
        ctx.setShouldReportUnloggedExceptions(false);
        log.debug("{} {} {}: {}", ctx.method(), ctx.path(), code, message);
    }

    private static String tooLarge(long limit) {
        return limit > 0 ? "the request body is larger than the limit of " + limit + " bytes"
                : "the request body is too large";
    }

    /**
     * gRPC and gRPC-Web callers get a status they understand: RESOURCE_EXHAUSTED naming the limit, in the
     * trailers for gRPC, in the headers (trailers-only) for gRPC-Web.
     */
    private static AggregatedHttpResponse grpcTooLarge(RequestHeaders request, long limit) {
        return new Refusal(AtlasException.resourceExhausted("the request message is larger than the limit of "
                + limit + " bytes", null), HttpStatus.REQUEST_ENTITY_TOO_LARGE).answer(request);
    }

    private static boolean isContentTypeProblem(IllegalArgumentException e) {
        return String.valueOf(e.getMessage()).contains("content-type");
    }

    private static String contentTypeMessage(ServiceRequestContext ctx) {
        MediaType type = ctx.request().contentType();
        return "the request body must be JSON: send it with content-type: application/json"
                + (type == null ? " (no content-type was given)" : ", got '" + type + "'");
    }

    /** What the transcoding refused, in words: where the JSON breaks, or Armeria's own reason. */
    private static String describe(IllegalArgumentException e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JsonProcessingException json) {
                return JsonErrors.notJson(json);
            }
        }
        String m = firstLine(e.getMessage());
        if (m.startsWith("Unexpected JSON") || m.startsWith("Invalid request body")) {
            return "the request body must be a JSON object ({\"field\": value, …})";
        }
        return "the request does not fit this method's parameters";
    }

    private static String describe(HttpStatus status, String description, RequestHeaders headers,
                                   ServiceRequestContext ctx) {
        String where = where(ctx, headers);
        return switch (status.code()) {
            case 404 -> "no such path: " + where;
            case 405 -> "the method is not allowed here: " + where;
            case 408 -> "the request did not arrive in time";
            case 415 -> ctx != null ? contentTypeMessage(ctx) : "unsupported content-type";
            default -> description != null && !description.isBlank() ? description
                    : status.reasonPhrase() + (headers == null ? "" : ": " + where);
        };
    }

    /** Method and decoded path (no query), as a message shows them. */
    private static String where(ServiceRequestContext ctx, RequestHeaders headers) {
        if (ctx != null) {
            return ctx.method() + " " + ctx.decodedPath();
        }
        if (headers == null) {
            return "(unknown request)";
        }
        String path = headers.path();
        int q = path.indexOf('?');
        return headers.method() + " " + (q < 0 ? path : path.substring(0, q));
    }

    private static boolean isGrpc(RequestHeaders headers) {
        MediaType type = headers == null ? null : headers.contentType();
        return type != null && type.subtype().startsWith("grpc");
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

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}
