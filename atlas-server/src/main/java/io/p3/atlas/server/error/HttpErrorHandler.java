package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-wide error handler: every failure that reaches Armeria outside a gRPC call (a body that is not
 * JSON, a wrong content-type, a too-large body, an unknown path, an {@link AtlasException} thrown by a
 * decorator) answers the one JSON error shape of {@link JsonErrors}, with a message saying what was wrong
 * and the expected form. Client errors are logged as one DEBUG line, never with a stack trace (and are
 * kept out of Armeria's "unlogged exceptions" report). gRPC requests keep their own protocol.
 */
public final class HttpErrorHandler implements ServerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpErrorHandler.class);

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        Throwable t = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof AtlasException e) {
            clientError(ctx, e.code().grpcCode(), e.getMessage());
            return JsonErrors.of(e);
        }
        if (t instanceof ContentTooLargeException tooLarge) {
            return clientError(ctx, HttpStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(tooLarge.maxContentLength(), ctx));
        }
        if (t instanceof HttpStatusException e && e.httpStatus().isClientError()) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                // Armeria's HTTP/JSON transcoding refused the body before any call began.
                return isContentTypeProblem(bad)
                        ? clientError(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, contentTypeMessage(ctx))
                        : clientError(ctx, HttpStatus.BAD_REQUEST, describe(bad));
            }
            // e.g. a Content-Length over the route's limit, rejected before the body was read
            return clientError(ctx, e.httpStatus(), e.getCause() instanceof ContentTooLargeException tooLarge
                    ? tooLarge(tooLarge.maxContentLength(), ctx)
                    : describe(e.httpStatus(), null, ctx.request().headers(), ctx));
        }
        return null; // the unexpected: Armeria's default handling, rendered by renderStatus below
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                               HttpStatus status, String description, Throwable cause) {
        if (status.isContentAlwaysEmpty() || isGrpc(headers)) {
            return null; // nothing to render; gRPC answers in its own trailers
        }
        Status.Code code = JsonErrors.grpcCode(status);
        String message;
        if (cause instanceof ContentTooLargeException tooLarge) {
            message = tooLarge(tooLarge.maxContentLength(), ctx);
        } else if (status.isServerError()) {
            message = status.code() == 503 ? "the server is unavailable (shutting down or overloaded); retry later"
                    : "internal error";
        } else {
            message = describe(status, description, headers, ctx);
        }
        if (status.isClientError() && ctx != null) {
            ctx.setShouldReportUnloggedExceptions(false);
        }
        if (status.isClientError()) {
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

    private static String tooLarge(long max, ServiceRequestContext ctx) {
        long limit = max > 0 ? max : ctx == null ? 0 : ctx.maxRequestLength();
        return limit > 0 ? "the request body is larger than the " + limit + " bytes this route accepts"
                : "the request body is too large";
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
        if (e instanceof NumberFormatException) {
            return "a query parameter is not a valid number: " + m;
        }
        return "malformed request: " + m;
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

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}
