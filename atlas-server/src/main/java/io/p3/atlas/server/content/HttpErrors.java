package io.p3.atlas.server.content;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.multipart.MimeParsingException;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.GrpcErrors;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures of the plain HTTP routes as HTTP statuses with a small JSON body
 * ({@code {"code":"NOT_FOUND","message":"…"}}); never a stack trace.
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
            return json(status, e.code().name(), e.getMessage());
        }
        if (t instanceof MimeParsingException) {
            return json(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", "malformed multipart body: " + t.getMessage());
        }
        if (t instanceof IOException || t instanceof ClosedStreamException) {
            return json(HttpStatus.BAD_REQUEST, "CANCELLED", "the request body broke off; nothing was stored");
        }
        log.error("Unexpected error serving content", t);
        return json(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
    }

    static HttpResponse json(HttpStatus status, String code, String message) {
        String body = "{\"code\":\"" + code + "\",\"message\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}";
        return HttpResponse.of(status, MediaType.JSON_UTF_8, body);
    }

    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
