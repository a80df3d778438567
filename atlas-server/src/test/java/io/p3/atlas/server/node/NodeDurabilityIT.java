package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.persistence.DatabaseUrl;
import io.p3.atlas.server.testing.JarProcess;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An acknowledged write is committed: kill -9 of the server right after replies loses none of them. */
class NodeDurabilityIT {
    static final String WALLET = "0x5555555555555555555555555555555555555555";

    @Test
    void killNineAfterRepliesLosesNothing() throws Exception {
        String databaseUrl = TestDatabase.POSTGRES.newDatabaseUrl().orElseThrow();
        AtomicLong acked = new AtomicLong();
        try (JarProcess server = JarProcess.start(Map.of("ATLAS_PORT", "0", "DATABASE_URL", databaseUrl,
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-kill-").toString()))) {
            int port = server.awaitReady();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            var stub = NodeServiceGrpc.newBlockingStub(channel);
            CountDownLatch enough = new CountDownLatch(300);
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(CompletableFuture.runAsync(() -> {
                    try {
                        while (true) {
                            stub.trackContentServed(TrackContentServedRequest.newBuilder()
                                    .setWalletAddress(WALLET).setBytes(1).build());
                            acked.incrementAndGet();
                            enough.countDown();
                        }
                    } catch (StatusRuntimeException expectedWhenKilled) {
                        // the server is gone
                    }
                }));
            }
            assertTrue(enough.await(60, TimeUnit.SECONDS), "server answered");
            server.kill9();
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        long ackedBeforeKill = acked.get();
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COALESCE(SUM(bytes_served), 0) FROM node_daily_metrics WHERE wallet_address = '"
                             + WALLET + "'")) {
            assertTrue(rs.next());
            long stored = rs.getLong(1);
            assertTrue(stored >= ackedBeforeKill,
                    "every acknowledged increment is stored: acked " + ackedBeforeKill + ", stored " + stored);
            assertTrue(stored <= ackedBeforeKill + 8, "at most one in-flight call per client may also have landed");
        }
    }
}
