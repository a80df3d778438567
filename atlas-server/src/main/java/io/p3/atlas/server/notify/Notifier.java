package io.p3.atlas.server.notify;

/**
 * Messages to every server instance sharing the database, this one included: PostgreSQL LISTEN/NOTIFY
 * ({@link PgNotifier}), or in-process delivery on the embedded H2 database ({@link LocalNotifier}). Delivery is
 * best effort and in order per channel; after a gap in which messages may have been lost (a lost LISTEN
 * connection, the first connection), listeners hear {@link Listener#onGap()}. Payloads are short text (at most
 * {@link #MAX_PAYLOAD} characters).
 */
public interface Notifier extends AutoCloseable {
    /** PostgreSQL's NOTIFY payload limit is 8000 bytes; payloads here are ASCII and stay below it. */
    int MAX_PAYLOAD = 7900;

    /** What a subscriber hears. Called on the notifier's thread: keep it short, never block. */
    interface Listener {
        void onNotification(String payload);

        /** Messages may have been missed (after a reconnect); also called once when listening starts. */
        default void onGap() {
        }
    }

    /** Sends {@code payload} on {@code channel} (call after the commit of whatever it announces). */
    void publish(String channel, String payload);

    /**
     * Delivers what is published on {@code channel} (a lower-case SQL identifier) to {@code listener} from now on;
     * returns once listening is in effect (or after a bounded wait, if the database is unreachable).
     */
    void subscribe(String channel, Listener listener);

    @Override
    void close();
}
