package io.p3.atlas.client;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One logical unary or server-streaming call made of up to {@link RetryPolicy#maxAttempts()} attempts on
 * the next channel. The request is kept and sent again; nothing reaches the caller's listener until an
 * attempt delivers its first message (from then on the call is committed to that attempt) or the call
 * ends for good. Every attempt carries the same call options, so the deadline bounds them all.
 */
final class RetryingCall<Q, R> extends ClientCall<Q, R> {
    private final RetryPolicy policy;
    private final MethodDescriptor<Q, R> method;
    private final CallOptions options;
    private final Channel next;
    private final Object lock = new Object();

    // Set by the caller's thread before the first attempt starts.
    private Context context;
    private Listener<R> listener;
    private Metadata headers;
    private Q message;
    private Boolean compression;

    // Guarded by lock.
    private int requested;
    private int attempts;
    private ClientCall<Q, R> attempt; // the attempt in flight, null before the first and during a backoff
    private CompletableFuture<Void> pendingRetry;
    private boolean committed;
    private boolean cancelled;

    RetryingCall(RetryPolicy policy, MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        this.policy = policy;
        this.method = method;
        this.options = options;
        this.next = next;
    }

    @Override
    public void start(Listener<R> responseListener, Metadata requestHeaders) {
        this.context = Context.current();
        this.listener = responseListener;
        this.headers = requestHeaders;
    }

    @Override
    public void request(int numMessages) {
        synchronized (lock) {
            requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + numMessages);
            if (attempt != null) {
                attempt.request(numMessages);
            }
        }
    }

    @Override
    public void sendMessage(Q request) {
        this.message = request;
    }

    @Override
    public void setMessageCompression(boolean enabled) {
        this.compression = enabled;
    }

    @Override
    public void halfClose() {
        startAttempt();
    }

    @Override
    public void cancel(String reason, Throwable cause) {
        ClientCall<Q, R> inFlight;
        boolean notify;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            inFlight = attempt;
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
                pendingRetry = null;
            }
            notify = inFlight == null && !committed && listener != null;
            committed = true;
        }
        if (inFlight != null) {
            inFlight.cancel(reason, cause); // its close reaches the caller through AttemptListener
        } else if (notify) {
            Status status = Status.CANCELLED.withDescription(reason).withCause(cause);
            deliver(() -> listener.onClose(status, new Metadata()));
        }
    }

    @Override
    public boolean isReady() {
        synchronized (lock) {
            return attempt != null && attempt.isReady();
        }
    }

    @Override
    public Attributes getAttributes() {
        synchronized (lock) {
            return attempt == null ? Attributes.EMPTY : attempt.getAttributes();
        }
    }

    private void startAttempt() {
        synchronized (lock) {
            pendingRetry = null;
            if (cancelled) {
                return;
            }
            attempts++;
            ClientCall<Q, R> call = next.newCall(method, options);
            Metadata copy = new Metadata();
            copy.merge(headers);
            attempt = call; // before start: a close delivered inline (direct executor) clears it
            call.start(new AttemptListener(), copy);
            if (compression != null) {
                call.setMessageCompression(compression);
            }
            if (requested > 0) {
                call.request(requested);
            }
            if (message != null) {
                call.sendMessage(message);
            }
            call.halfClose();
        }
    }

    /** Nanoseconds to wait before the next attempt, or -1 if {@code status} ends the call. Holds lock. */
    private long retryDelayNanos(Status status, Metadata trailers) {
        if (committed || cancelled || attempts >= policy.maxAttempts()) {
            return -1;
        }
        Duration serverDelay = AtlasClientException.retryDelay(StatusProto.fromStatusAndTrailers(status, trailers));
        if (serverDelay != null && serverDelay.compareTo(policy.maxServerDelay()) > 0) {
            return -1;
        }
        long delay;
        if (status.getCode() == Status.Code.UNAVAILABLE && Idempotency.safeToRepeat(method, message)) {
            delay = serverDelay != null ? serverDelay.toNanos() : policy.backoffNanos(attempts);
        } else if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && serverDelay != null) {
            delay = serverDelay.toNanos();
        } else {
            return -1;
        }
        Deadline deadline = effectiveDeadline();
        if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= delay) {
            return -1;
        }
        return delay;
    }

    private Deadline effectiveDeadline() {
        Deadline fromOptions = options.getDeadline();
        Deadline fromContext = context.getDeadline();
        if (fromOptions == null) {
            return fromContext;
        }
        return fromContext == null ? fromOptions : fromOptions.minimum(fromContext);
    }

    private void deliver(Runnable callback) {
        Executor executor = options.getExecutor();
        if (executor == null) {
            callback.run();
        } else {
            executor.execute(callback);
        }
    }

    /** Holds an attempt's headers back until the call commits to it. */
    private final class AttemptListener extends Listener<R> {
        private Metadata responseHeaders;
        private boolean headersForwarded;

        @Override
        public void onHeaders(Metadata h) {
            responseHeaders = h;
        }

        @Override
        public void onMessage(R response) {
            synchronized (lock) {
                committed = true;
            }
            forwardHeaders();
            listener.onMessage(response);
        }

        @Override
        public void onReady() {
            listener.onReady();
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            long delay;
            synchronized (lock) {
                attempt = null;
                delay = retryDelayNanos(status, trailers);
                if (delay >= 0) {
                    pendingRetry = CompletableFuture.runAsync(context.wrap(RetryingCall.this::startAttempt),
                            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run));
                } else {
                    committed = true;
                }
            }
            if (delay < 0) {
                forwardHeaders();
                listener.onClose(status, trailers);
            }
        }

        private void forwardHeaders() {
            if (!headersForwarded && responseHeaders != null) {
                headersForwarded = true;
                listener.onHeaders(responseHeaders);
            }
        }
    }
}
