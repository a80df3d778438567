package io.p3.atlas.server.catalog.cache;

import io.p3.atlas.server.notify.Notifier;
import java.util.UUID;

/**
 * Cross-instance cache invalidation: after a catalog write, this instance publishes on {@value #CHANNEL}
 * (PostgreSQL NOTIFY); every other instance sharing the database empties its catalog caches when it hears it,
 * instead of waiting up to ATLAS_CATALOG_TTL, and also after a gap in listening (messages may have been missed).
 * Best effort: the TTL remains the guarantee. On the embedded database there is no other instance.
 */
public final class CacheInvalidation {
    static final String CHANNEL = "atlas_catalog";

    private CacheInvalidation() {
    }

    /** Makes {@code cache}'s writes known to the other instances and theirs to it. */
    public static void connect(CatalogCache cache, Notifier notifier) {
        String instance = UUID.randomUUID().toString();
        cache.onWrite(() -> notifier.publish(CHANNEL, instance));
        notifier.subscribe(CHANNEL, new Notifier.Listener() {
            @Override
            public void onNotification(String payload) {
                if (!instance.equals(payload)) {
                    cache.clearLocal();
                }
            }

            @Override
            public void onGap() {
                cache.clearLocal();
            }
        });
    }
}
