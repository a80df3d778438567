package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.p3.atlas.server.config.AtlasConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful stop without a quiet period still lets a call in flight finish within ATLAS_SHUTDOWN_GRACE:
 * a pull-through read whose upstream answers only after the stop began gets its whole body.
 */
class ShutdownIT {
    @TempDir
    Path dataDir;

    @Test
    void aCallInFlightFinishesAfterTheStopBegins() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        Server upstream = Server.builder().http(0)
                .service("/slow", (ctx, req) -> {
                    asked.countDown();
                    return HttpResponse.delayed(HttpResponse.of(HttpStatus.OK, MediaType.OCTET_STREAM, "slow bytes"),
                            Duration.ofMillis(1500));
                })
                .build();
        upstream.start().join();
        AtlasServer atlas = AtlasServer.start(AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "0",
                "ATLAS_DATA_DIR", dataDir.toString(), "ATLAS_SHUTDOWN_GRACE", "PT10S",
                "ATLAS_UPSTREAM_ALLOW_PRIVATE", "true")));
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + atlas.port();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/v1/assets"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"slow\", \"type\": \"media\", \"sourceUrl\":"
                            + " \"http://127.0.0.1:" + upstream.activeLocalPort() + "/slow\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            CompletableFuture<java.net.http.HttpResponse<String>> read = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/content/slow")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(asked.await(10, TimeUnit.SECONDS), "the read reached the upstream");
            atlas.close(); // SIGTERM's path: returns once the read is answered
            java.net.http.HttpResponse<String> r = read.get(5, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("slow bytes", r.body());
        } finally {
            atlas.close();
            upstream.stop().join();
        }
    }
}
