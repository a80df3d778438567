package io.p3.atlas.client;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Per-call deadline and error translation shared by the service facades. */
final class CallOptionsSupport {
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    private final Duration deadline;

    CallOptionsSupport(Duration deadline) {
        this.deadline = deadline;
    }

    <S extends AbstractStub<S>> S withDeadline(S stub) {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw AtlasClientException.from(e);
        }
    }
}
