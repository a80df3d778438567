package io.p3.atlas.server.testing;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Response observers for async stubs in tests. */
public final class Observers {
    private Observers() {
    }

    /**
     * An observer of a call with one response (unary or client streaming): {@code result} completes with the
     * response, or exceptionally with the call's failure, or if the call completes without a response.
     */
    public static <T> StreamObserver<T> into(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException("completed without a response"));
            }
        };
    }
}
