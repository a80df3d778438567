package io.p3.atlas.server.error;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A failure the caller caused or can act on. Domain code throws it; the transport maps it to a gRPC
 * status (and HTTP status) with this message. {@code field} names the offending request field, if any;
 * {@link #reason()} is the stable machine-readable reason sent as {@code google.rpc.ErrorInfo}.
 */
public class AtlasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;
    private final String reason;

    /** {@code reason} null: derived from the code and field (see {@link #reason()}). */
    public AtlasException(ErrorCode code, String field, String message, Duration retryAfter, Throwable cause,
                          String reason) {
        super(message, cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfter = retryAfter;
        this.reason = reason;
    }

    public AtlasException(ErrorCode code, String field, String message, Duration retryAfter, Throwable cause) {
        this(code, field, message, retryAfter, cause, null);
    }

    public AtlasException(ErrorCode code, String message) {
        this(code, null, message, null, null);
    }

    public static AtlasException invalidArgument(String field, String message) {
        return new AtlasException(ErrorCode.INVALID_ARGUMENT, field, message, null, null);
    }

    /** No {@code resource} (e.g. {@code asset}) with the requested key: reason {@code ASSET_NOT_FOUND}. */
    public static AtlasException notFound(String resource, String message) {
        return new AtlasException(ErrorCode.NOT_FOUND, null, message, null, null, constant(resource) + "_NOT_FOUND");
    }

    /** The key of a new {@code resource} is taken: reason {@code ASSET_ALREADY_EXISTS}. */
    public static AtlasException alreadyExists(String resource, String message) {
        return new AtlasException(ErrorCode.ALREADY_EXISTS, null, message, null, null,
                constant(resource) + "_ALREADY_EXISTS");
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

    /**
     * The stable reason SDKs branch on (an UPPER_SNAKE_CASE constant, {@code google.rpc.ErrorInfo.reason}):
     * as given, else {@code <FIELD>_INVALID} for a field at fault ({@code stream.channel_id} gives
     * {@code STREAM_CHANNEL_ID_INVALID}), else the code's name ({@code RESOURCE_EXHAUSTED}).
     */
    public String reason() {
        if (reason != null) {
            return reason;
        }
        return field != null ? constant(field) + "_INVALID" : code.name();
    }

    private static String constant(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }

    /** How long the caller should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
