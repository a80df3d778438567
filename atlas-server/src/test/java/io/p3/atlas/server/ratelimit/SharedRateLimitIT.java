package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ATLAS_RATE_LIMIT_SHARED=true: two instances on one PostgreSQL spend one budget per client. */
class SharedRateLimitIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_RATE_LIMIT_SHARED", "true").env("ATLAS_RATE_LIMIT_READ", "10/1m")
            .env("ATLAS_TRUSTED_PROXIES", "127.0.0.1");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    int get(int port, String client) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/nodes"))
                    .header("x-forwarded-for", client).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoInstancesShareOneBudgetExactly() throws Exception {
        try (AtlasServer second = AtlasServer.start(server.config())) {
            int[] ports = {server.port(), second.port()};
            // 16 concurrent reads of one client, spread over both instances: exactly 10 tokens exist.
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int port = ports[i % 2];
                calls.add(CompletableFuture.supplyAsync(() -> get(port, "203.0.113.10")));
            }
            long ok = calls.stream().map(CompletableFuture::join).filter(s -> s == 200).count();
            long limited = calls.stream().map(CompletableFuture::join).filter(s -> s == 429).count();
            assertEquals(10, ok, "one shared bucket of 10");
            assertEquals(6, limited);
            assertEquals(429, get(second.port(), "203.0.113.10"));
            assertEquals(429, get(server.port(), "203.0.113.10"));
            assertEquals(200, get(second.port(), "203.0.113.11"), "other clients are unaffected");
            try (var c = server.server().database().dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM rate_limit_buckets")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 2, "buckets live in PostgreSQL");
            }
        }
    }
}
