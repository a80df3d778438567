package io.p3.atlas.server.feature;

import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.notify.Notifier;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.upstream.UpstreamFetcher;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the composition root hands every feature: the database (a feature registers its own MyBatis
 * mappers on it), the environment it reads its settings from, the data directory, the one upstream
 * fetcher, the meter registry, the clock (the only source of time) and the notifier that reaches every
 * instance sharing the database.
 */
public record FeatureContext(Database db, EnvReader env, Path dataDir, UpstreamFetcher upstream,
                             MeterRegistry meters, Clock clock, Notifier notifier) {
}
