package io.p3.atlas.server.analytics;

import java.time.Instant;
import java.util.Map;

/**
 * One event as a caller sent it, before validation. {@code walletAddress} is the raw address (or empty):
 * it lives only until {@link AnalyticsService} anonymizes it and is never logged.
 *
 * @param eventTime null when the caller left it unset
 */
public record EventInput(String name, String walletAddress, String streamId, String assetId, String appId,
                         Map<String, String> properties, Instant eventTime) {

    @Override
    public String toString() {
        return "EventInput[name=" + name + "]";
    }
}
