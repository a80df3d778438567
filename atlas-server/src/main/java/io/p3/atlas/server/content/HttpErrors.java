package io.p3.atlas.server.content;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.ResponseCompleteException;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.multipart.MimeParsingException;
import io.grpc.Status;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.error.JsonErrors;
import io.p3.atlas.server.error.GrpcErrors;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of the plain HTTP routes ({@code /content/{id}}, the multipart upload): the HTTP status these
 * routes answer (413 for a too-large upload, 416, 502 for a failed pull-through fetch), with the one JSON
 * error body of every route ({@link JsonErrors}); never a stack trace.
 */
final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** The response for {@code error}; {@code fromUpstream}: it came from a pull-through fetch (502). */
    static HttpResponse toResponse(Throwable error, boolean fromUpstream) {
        Throwable t = unwrap(error);
        if (!(t instanceof AtlasException) && GrpcErrors.isDatabaseUnavailable(t)) {
            t = GrpcErrors.databaseUnavailable(t); // 503; the server adds Retry-After
        }
        if (t instanceof AtlasException e) {
            HttpStatus status = switch (e.code()) {
                case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case ALREADY_EXISTS -> HttpStatus.CONFLICT;
                case RESOURCE_EXHAUSTED -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
                case PERMISSION_DENIED -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.FORBIDDEN;
                case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
                case CANCELLED -> HttpStatus.BAD_REQUEST;
                case FAILED_PRECONDITION -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.CONFLICT;
                case OUT_OF_RANGE -> HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
                case UNAVAILABLE -> fromUpstream ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
            };
            log.debug("{} {}: {}", status.code(), e.code(), e.getMessage());
            return JsonErrors.of(status, e);
        }
        if (t instanceof MimeParsingException) {
            return toResponse(AtlasException.invalidArgument(null, "malformed multipart body: " + t.getMessage()
                    + " (send multipart/form-data, e.g. curl -F file=@movie.mp4 -F type=media)"), fromUpstream);
        }
        if (t instanceof ContentTooLargeException tooLarge) {
            return toResponse(new AtlasException(ErrorCode.RESOURCE_EXHAUSTED, null, "the request body is larger than "
                    + tooLarge.maxContentLength() + " bytes, the most this route accepts (ATLAS_MAX_ASSET_BYTES"
                    + " and room for the multipart framing)", null, null), fromUpstream);
        }
        if (t instanceof IOException || t instanceof ClosedStreamException || t instanceof ResponseCompleteException
                || t instanceof AbortedStreamException || t instanceof CancelledSubscriptionException) {
            // The client went away, or the server already answered (e.g. 413 before the body was read).
            return toResponse(new AtlasException(ErrorCode.CANCELLED, null,
                    "the request was cancelled or its body broke off; nothing was stored", null, null), fromUpstream);
        }
        log.error("Unexpected error serving content", t);
        return JsonErrors.render(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL, "internal error")
                .toHttpResponse();
    }

    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
