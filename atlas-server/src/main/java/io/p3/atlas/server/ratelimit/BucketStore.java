package io.p3.atlas.server.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** Where token buckets live: this instance's memory, or PostgreSQL for budgets shared by every instance. */
interface BucketStore extends AutoCloseable {
    /** The bucket named {@code key}, created full with {@code config} if it does not exist. */
    Bucket bucket(String key, BucketConfiguration config);

    /** Forgets the bucket named {@code key}: the next request finds it full. */
    void remove(String key);

    /** Whether a check may block (JDBC): then it must run off the event loop. */
    boolean blocking();

    @Override
    void close();

    /** Bucket4j's time source from the server's clock (tests pass their own). */
    static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
