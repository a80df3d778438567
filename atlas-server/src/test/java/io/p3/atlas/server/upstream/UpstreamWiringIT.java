package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AtlasServer builds the shared fetcher from its environment and exposes its metrics. */
class UpstreamWiringIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.h2()
            .env("ATLAS_SHUTDOWN_GRACE", "PT1S")
            .env("ATLAS_UPSTREAM_READ_TIMEOUT", "PT5S")
            .env("ATLAS_UPSTREAM_ALLOW_PRIVATE", "true");

    @Test
    void theFetcherMetricsAreServed() {
        HttpResponse<String> metrics = server.get("/internal/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("atlas_upstream_bytes_total"), "bytes counter registered");
        assertTrue(metrics.body().contains("atlas_upstream_redirects_total"), "redirects counter registered");
    }
}
