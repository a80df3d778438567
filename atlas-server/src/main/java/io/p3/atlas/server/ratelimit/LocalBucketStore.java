package io.p3.atlas.server.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * Buckets in this instance's memory (the default). A bucket unused for longer than it takes to fill up
 * again is dropped: it would be full anyway. The number of clients tracked is bounded.
 */
final class LocalBucketStore implements BucketStore {
    static final long MAX_CLIENTS = 200_000;

    private final Cache<String, Bucket> buckets;
    private final TimeMeter time;

    LocalBucketStore(Clock clock, Duration idleExpiry) {
        this.time = BucketStore.timeMeter(clock);
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS)
                .expireAfterAccess(idleExpiry.plusSeconds(1)).build();
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration config) {
        return buckets.get(key, k -> Bucket.builder().addLimit(config.getBandwidths()[0])
                .withCustomTimePrecision(time).build());
    }

    @Override
    public void remove(String key) {
        buckets.invalidate(key);
    }

    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public void close() {
        buckets.invalidateAll();
    }
}
