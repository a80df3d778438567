package io.p3.atlas.server.notify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The notifier of one process (the embedded H2 database serves one server): messages go to this process's
 * subscribers, in order, on one delivery thread, as they would from PostgreSQL.
 */
public final class LocalNotifier implements Notifier {
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atlas-notify-local");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void publish(String channel, String payload) {
        List<Listener> those = listeners.getOrDefault(channel, List.of());
        try {
            delivery.execute(() -> those.forEach(l -> l.onNotification(payload)));
        } catch (RejectedExecutionException e) {
            // closed: nobody is listening any more
        }
    }

    @Override
    public void subscribe(String channel, Listener listener) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        delivery.execute(listener::onGap);
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
