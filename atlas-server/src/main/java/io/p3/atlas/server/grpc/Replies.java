package io.p3.atlas.server.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Completes unary gRPC calls. Failures go to {@code onError} as they are; the server's exception
 * handler ({@code GrpcErrors}) turns them into precise statuses.
 */
public final class Replies {
    private Replies() {
    }

    /** Replies with {@code work}'s result, computed now (on the blocking executor). */
    public static <T> void reply(StreamObserver<T> observer, Supplier<T> work) {
        T value;
        try {
            value = work.get();
        } catch (RuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }

    /** Replies when {@code stage} completes, mapping its value with {@code toProto}. */
    public static <T, R> void replyLater(StreamObserver<R> observer, Supplier<? extends CompletionStage<T>> stage,
                                         Function<T, R> toProto) {
        CompletionStage<T> s;
        try {
            s = stage.get();
        } catch (RuntimeException e) {
            observer.onError(e);
            return;
        }
        s.whenComplete((value, error) -> {
            if (error != null) {
                observer.onError(error);
                return;
            }
            R reply;
            try {
                reply = toProto.apply(value);
            } catch (RuntimeException e) {
                observer.onError(e);
                return;
            }
            observer.onNext(reply);
            observer.onCompleted();
        });
    }
}
