package io.p3.atlas.server.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in PostgreSQL's {@code rate_limit_buckets} table (migration V5), shared by every instance on
 * the database: Bucket4j's PostgreSQL backend reads and writes a bucket's state in one transaction with
 * {@code SELECT … FOR UPDATE}, so two instances never hand out the same token. One round trip per check.
 * Rows of buckets that would be full again expire and are deleted every minute.
 */
final class PostgresBucketStore implements BucketStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresBucketStore.class);
    static final String TABLE = "rate_limit_buckets";

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final ScheduledExecutorService cleaner;

    PostgresBucketStore(DataSource dataSource, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE).idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .clientClock(BucketStore.timeMeter(clock))
                .build();
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atlas-rate-limit-cleaner");
            t.setDaemon(true);
            return t;
        });
        cleaner.scheduleWithFixedDelay(this::removeExpired, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration config) {
        return buckets.builder().build(key, () -> config);
    }

    @Override
    public void remove(String key) {
        buckets.removeProxy(key);
    }

    @Override
    public boolean blocking() {
        return true;
    }

    private void removeExpired() {
        try {
            int removed;
            do {
                removed = buckets.removeExpired(1000);
            } while (removed == 1000);
        } catch (RuntimeException e) {
            log.warn("Could not delete expired rate-limit buckets: {}", e.toString());
        }
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
    }
}
