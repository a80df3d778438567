package io.p3.atlas.server.analytics;

import io.p3.atlas.server.batch.AsyncBatchWriter;
import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * AnalyticsService settings from the environment.
 *
 * @param queueCapacity {@code ATLAS_ANALYTICS_QUEUE_CAPACITY}: events accepted but not yet written, at most
 * @param batchSize     {@code ATLAS_ANALYTICS_BATCH_SIZE}: events per database batch, at most
 * @param flushInterval {@code ATLAS_ANALYTICS_FLUSH_INTERVAL}: how long the writer waits for a batch to fill
 * @param maxBackoff    {@code ATLAS_ANALYTICS_RETRY_MAX_BACKOFF}: longest wait between retries while the
 *                      database is down
 * @param flushTimeout  {@code ATLAS_ANALYTICS_SHUTDOWN_FLUSH_TIMEOUT}: at shutdown, how long to keep retrying
 *                      a failing database before giving up on queued events
 * @param queueWait     {@code ATLAS_ANALYTICS_QUEUE_WAIT}: how long a call whose events do not fit in the queue
 *                      waits for written batches to make room before it is refused (RESOURCE_EXHAUSTED)
 */
public record AnalyticsConfig(int queueCapacity, int batchSize, Duration flushInterval, Duration maxBackoff,
                              Duration flushTimeout, Duration queueWait) {
    /** The longest {@code ATLAS_ANALYTICS_QUEUE_WAIT}: a call waits, it is never queued for seconds. */
    static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(2);

    public AnalyticsConfig {
        if (queueCapacity < 1) {
            throw new ConfigException("ATLAS_ANALYTICS_QUEUE_CAPACITY must be at least 1, got " + queueCapacity);
        }
        if (batchSize < 1) {
            throw new ConfigException("ATLAS_ANALYTICS_BATCH_SIZE must be at least 1, got " + batchSize);
        }
        if (maxBackoff.isZero()) {
            throw new ConfigException("ATLAS_ANALYTICS_RETRY_MAX_BACKOFF must be positive");
        }
        if (queueWait.isNegative() || queueWait.compareTo(MAX_QUEUE_WAIT) > 0) {
            throw new ConfigException("ATLAS_ANALYTICS_QUEUE_WAIT must be between PT0S and " + MAX_QUEUE_WAIT
                    + ", got " + queueWait);
        }
    }

    public static AnalyticsConfig from(EnvReader env) {
        return new AnalyticsConfig(
                env.integer("ATLAS_ANALYTICS_QUEUE_CAPACITY", 100_000),
                env.integer("ATLAS_ANALYTICS_BATCH_SIZE", 1000),
                env.duration("ATLAS_ANALYTICS_FLUSH_INTERVAL", Duration.ofMillis(200)),
                env.duration("ATLAS_ANALYTICS_RETRY_MAX_BACKOFF", Duration.ofSeconds(10)),
                env.duration("ATLAS_ANALYTICS_SHUTDOWN_FLUSH_TIMEOUT", Duration.ofSeconds(30)),
                env.duration("ATLAS_ANALYTICS_QUEUE_WAIT", Duration.ofMillis(250)));
    }

    /** The batch writer's settings. */
    public AsyncBatchWriter.Settings writerSettings() {
        Duration initial = maxBackoff.compareTo(Duration.ofMillis(100)) < 0 ? maxBackoff : Duration.ofMillis(100);
        return new AsyncBatchWriter.Settings(queueCapacity, batchSize, flushInterval, initial, maxBackoff,
                flushTimeout);
    }
}
