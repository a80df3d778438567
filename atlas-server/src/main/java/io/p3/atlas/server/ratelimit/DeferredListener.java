package io.p3.atlas.server.ratelimit;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A call's listener until the call really starts: events are kept in order and replayed to the listener
 * of the started call. Used on one thread (the call's event loop) only.
 */
final class DeferredListener<I> extends ServerCall.Listener<I> {
    private ServerCall.Listener<I> delegate;
    private List<Consumer<ServerCall.Listener<I>>> pending = new ArrayList<>();

    /** From now on, events go to {@code listener}; those received so far first. */
    void start(ServerCall.Listener<I> listener) {
        delegate = listener;
        List<Consumer<ServerCall.Listener<I>>> events = pending;
        pending = null;
        events.forEach(e -> e.accept(listener));
    }

    private void on(Consumer<ServerCall.Listener<I>> event) {
        if (delegate != null) {
            event.accept(delegate);
        } else {
            pending.add(event);
        }
    }

    @Override
    public void onMessage(I message) {
        on(l -> l.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        on(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        on(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        on(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        on(ServerCall.Listener::onReady);
    }
}
