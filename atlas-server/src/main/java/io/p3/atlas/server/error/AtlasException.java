package io.p3.atlas.server.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the caller caused or can act on. Domain code throws it; the transport maps it to a gRPC
 * status (and HTTP status) with this message. {@code field} names the offending request field, if any.
 */
public class AtlasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;

    public AtlasException(ErrorCode code, String field, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public AtlasException(ErrorCode code, String message) {
        this(code, null, message, null, null);
    }

    public static AtlasException invalidArgument(String field, String message) {
        return new AtlasException(ErrorCode.INVALID_ARGUMENT, field, message, null, null);
    }

    public static AtlasException notFound(String message) {
        return new AtlasException(ErrorCode.NOT_FOUND, message);
    }

    public static AtlasException alreadyExists(String message) {
        return new AtlasException(ErrorCode.ALREADY_EXISTS, message);
    }

    public static AtlasException unavailable(String message, Throwable cause) {
        return new AtlasException(ErrorCode.UNAVAILABLE, null, message, null, cause);
    }

    public static AtlasException resourceExhausted(String message, Duration retryAfter) {
        return new AtlasException(ErrorCode.RESOURCE_EXHAUSTED, null, message, retryAfter, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault (proto name, e.g. {@code wallet_address}), or null. */
    public String field() {
        return field;
    }

    /** How long the caller should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
