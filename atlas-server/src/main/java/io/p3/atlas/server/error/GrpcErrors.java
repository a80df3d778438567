package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.netty.util.AttributeKey;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ibatis.exceptions.PersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception a service throws to a precise gRPC status. Domain errors keep their message and
 * carry google.rpc details (BadRequest field violations, RetryInfo, and ErrorInfo with a stable reason in
 * the domain {@value #ERROR_DOMAIN}); an unreachable database is UNAVAILABLE with a RetryInfo (and
 * {@link #RETRY_AFTER} on the request context, for HTTP's {@code Retry-After}); anything else is logged here
 * with its stack trace and request id, and reaches the caller as "internal error (request id …)", never the
 * trace.
 */
public final class GrpcErrors implements GrpcExceptionHandlerFunction {
    /** {@code google.rpc.ErrorInfo.domain} of every error this server reports. */
    public static final String ERROR_DOMAIN = "atlas.p3";
    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);
    /** Where gRPC clients (StatusProto.fromThrowable) look for google.rpc.Status details. */
    private static final Metadata.Key<com.google.rpc.Status> DETAILS_KEY = Metadata.Key.of(
            "grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));
    /**
     * The retry delay of the error a call failed with (its RetryInfo), kept on the request context so the
     * HTTP answer can carry it as {@code Retry-After}.
     */
    public static final AttributeKey<Duration> RETRY_AFTER = AttributeKey.valueOf(GrpcErrors.class, "RETRY_AFTER");
    /** How long callers are told to wait before retrying while the database is unreachable. */
    public static final Duration DATABASE_RETRY_DELAY = Duration.ofSeconds(1);
    /** During an outage every call fails the same way: one warning per interval is enough. */
    private static final long DATABASE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicLong lastDatabaseWarning = new AtomicLong(System.nanoTime() - DATABASE_LOG_INTERVAL_NANOS);
    private static final AtomicLong unloggedDatabaseFailures = new AtomicLong();

    @Override
    public Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
        return toStatus(ctx, cause, metadata);
    }

    /** The status for {@code cause}; details go into {@code metadata}. */
    public static Status toStatus(Throwable cause, Metadata metadata) {
        return toStatus(RequestContext.currentOrNull(), cause, metadata);
    }

    private static Status toStatus(RequestContext ctx, Throwable cause, Metadata metadata) {
        Throwable t = unwrap(cause);
        if (!(t instanceof AtlasException || t instanceof StatusRuntimeException || t instanceof StatusException)
                && isDatabaseUnavailable(t)) {
            t = databaseUnavailable(t);
        }
        if (t instanceof AtlasException e) {
            Status status = Status.fromCode(e.code().grpcCode()).withDescription(CallerFaults.shorten(e.getMessage()));
            metadata.put(DETAILS_KEY, details(e, status));
            if (ctx != null && e.retryAfter() != null) {
                ctx.setAttr(RETRY_AFTER, e.retryAfter());
            }
            return status;
        }
        if (t instanceof StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INTERNAL && e.getCause() instanceof InvalidProtocolBufferException p) {
                // grpc-java's marshaller calls request bytes that are not the message "INTERNAL": the caller's fault.
                return Status.INVALID_ARGUMENT.withDescription("malformed request: " + firstLine(p.getMessage()));
            }
            return CallerFaults.sanitize(e.getStatus());
        }
        if (t instanceof StatusException e) {
            return CallerFaults.sanitize(e.getStatus());
        }
        if (CallerFaults.tooLargeLimit(t) >= 0) {
            long limit = CallerFaults.tooLargeLimit(t);
            return Status.RESOURCE_EXHAUSTED.withDescription("the request message is larger than the limit"
                    + (limit > 0 ? " of " + limit + " bytes" : ""));
        }
        if (CallerFaults.isBrokenFrame(t)) {
            return Status.INVALID_ARGUMENT.withDescription("malformed request: a gRPC message frame is cut short"
                    + " or its length prefix is wrong");
        }
        if (t instanceof InvalidProtocolBufferException || t instanceof JsonProcessingException) {
            // A request body that doesn't parse (malformed JSON over HTTP/JSON, garbage protobuf bytes).
            return Status.INVALID_ARGUMENT.withDescription("malformed request: " + firstLine(t.getMessage()));
        }
        if (t instanceof com.linecorp.armeria.common.stream.ClosedStreamException
                || t instanceof com.linecorp.armeria.common.ResponseCompleteException) {
            // The client went away (cancel, deadline, reset) mid-call, or the rest of a request stream was
            // dropped because the call had already been answered: nothing to log, no one to answer.
            return Status.CANCELLED.withDescription("the call was cancelled by the client");
        }
        String id = requestId();
        log.error("Unexpected error serving a call (request id {})", id, t);
        return Status.INTERNAL.withDescription("internal error (request id " + id + ")");
    }

    private static String requestId() {
        RequestContext ctx = RequestContext.currentOrNull();
        return ctx == null ? "none" : RequestIds.of(ctx);
    }

    private static String firstLine(String s) {
        return s == null ? "cannot parse the request" : s.lines().findFirst().orElse("").trim();
    }

    /** The google.rpc.Status of {@code e}: its message with BadRequest, RetryInfo and ErrorInfo details. */
    static com.google.rpc.Status details(AtlasException e, Status status) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(e.reason()).setDomain(ERROR_DOMAIN);
        if (e.field() != null) {
            info.putMetadata("field", e.field());
        }
        com.google.rpc.Status.Builder b = com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(CallerFaults.shorten(e.getMessage()));
        if (e.field() != null) {
            b.addDetails(Any.pack(BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(e.field()).setDescription(CallerFaults.shorten(e.getMessage())))
                    .build()));
        }
        if (e.retryAfter() != null) {
            b.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(e.retryAfter().getSeconds())
                            .setNanos(e.retryAfter().getNano()))
                    .build()));
        }
        return b.addDetails(Any.pack(info.build())).build();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 10 && cur != null; i++) {
            if (cur instanceof AtlasException || cur instanceof StatusRuntimeException
                    || cur instanceof StatusException) {
                return cur;
            }
            if (cur.getCause() == null || cur.getCause() == cur) {
                break;
            }
            if (!(cur instanceof java.util.concurrent.CompletionException
                    || cur instanceof java.util.concurrent.ExecutionException
                    || cur instanceof PersistenceException)) {
                break;
            }
            cur = cur.getCause();
        }
        return t;
    }

    /**
     * The error of a call that needed the database while it was unreachable ({@code cause}, logged here at
     * most once per 10 s with a count of the others): UNAVAILABLE, reason {@code DATABASE_UNAVAILABLE}, with
     * a RetryInfo of {@link #DATABASE_RETRY_DELAY}; it says nothing about the database itself.
     */
    public static AtlasException databaseUnavailable(Throwable cause) {
        logDatabaseUnavailable(cause);
        return new AtlasException(ErrorCode.UNAVAILABLE, null, "the database is unavailable; retry later",
                DATABASE_RETRY_DELAY, null, "DATABASE_UNAVAILABLE");
    }

    private static void logDatabaseUnavailable(Throwable t) {
        long now = System.nanoTime();
        long last = lastDatabaseWarning.get();
        if (now - last >= DATABASE_LOG_INTERVAL_NANOS && lastDatabaseWarning.compareAndSet(last, now)) {
            long more = unloggedDatabaseFailures.getAndSet(0);
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn("Database unavailable: {}{}", firstLine(root.toString()),
                    more == 0 ? "" : " (and " + more + " more calls failed the same way since the last warning)");
        } else {
            unloggedDatabaseFailures.incrementAndGet();
        }
    }

    /**
     * True when {@code t} (or a cause) says the database could not be reached: a transient SQL error
     * (a pool timeout, a connection refused while the database is down) or SQLState class 08 (connection
     * exception) or 57P (operator intervention: the server shutting down).
     */
    public static boolean isDatabaseUnavailable(Throwable t) {
        for (Throwable cur = t; cur != null; cur = cur.getCause()) {
            if (cur instanceof SQLTransientException) {
                return true;
            }
            if (cur instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return false;
    }
}
