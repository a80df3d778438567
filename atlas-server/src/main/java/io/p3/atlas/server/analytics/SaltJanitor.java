package io.p3.atlas.server.analytics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Destroys expired anonymization salts: at start and then every {@code period}. */
public final class SaltJanitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SaltJanitor.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atlas-analytics-salt-janitor");
        t.setDaemon(true);
        return t;
    });

    public SaltJanitor(WalletAnonymizer anonymizer, Duration period) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int n = anonymizer.purgeExpired();
                if (n > 0) {
                    log.info("Destroyed {} expired analytics salt(s)", n);
                }
            } catch (RuntimeException e) {
                log.warn("Cannot destroy expired analytics salts now; will retry: {}", e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
