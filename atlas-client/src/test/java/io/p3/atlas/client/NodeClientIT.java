package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeDailyMetrics;
import io.p3.atlas.v1.NodeStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** NodeClient against the real server. */
class NodeClientIT extends RealServerTestBase {
    private static String wallet(int n) {
        return String.format("0xE%039d", n);
    }

    @Test
    void heartbeatsAndServedContentShowInTheNodeAndItsDays() {
        String w = wallet(1);
        assertEquals(4, atlas.nodes().heartbeat(w, 4).getPeersConnected());
        NodeDailyMetrics today = atlas.nodes().trackContentServed(w, 2048, 3);
        assertEquals(2048, today.getBytesServed());
        assertEquals(3, today.getTasksCompleted());

        Node node = atlas.nodes().getNode(w);
        assertEquals(w.toLowerCase(), node.getWalletAddress());
        assertEquals(NodeStatus.NODE_STATUS_ONLINE, node.getStatus());
        assertEquals(2048, node.getBytesServed());

        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        List<NodeDailyMetrics> days = atlas.nodes().dailyMetrics(w, day.minusDays(1), null);
        assertEquals(List.of(day.toString()), days.stream().map(NodeDailyMetrics::getStatsDate)
                .collect(Collectors.toList()));
        assertEquals(days, atlas.nodes().listDailyMetrics(w, day.minusDays(1), day).toList());
    }

    @Test
    void theLeaderboardOrdersByBytesAndStreamsLazily() {
        for (int i = 10; i < 15; i++) {
            atlas.nodes().trackContentServed(wallet(i), 1_000_000L * i, 1);
        }
        List<NodeDailyMetrics> top = atlas.nodes().leaderboard(null, NodeClient.Order.BYTES_SERVED, 3);
        assertEquals(List.of(wallet(14), wallet(13), wallet(12)).stream().map(String::toLowerCase)
                .collect(Collectors.toList()), top.stream().map(NodeDailyMetrics::getWalletAddress)
                .collect(Collectors.toList()));
        long ordered = atlas.nodes().listNodes(null, NodeClient.Order.BYTES_SERVED).pageSize(2).stream()
                .mapToLong(NodeDailyMetrics::getBytesServed).reduce(Long.MAX_VALUE, (a, b) -> {
                    assertTrue(b <= a, "descending bytes");
                    return b;
                });
        assertTrue(ordered >= 0);
        assertTrue(atlas.nodes().listNodes(null, NodeClient.Order.UPTIME).stream().count() >= 5);
    }

    @Test
    void invalidInputNamesTheFieldAndUnknownWalletsAreNotFound() {
        AtlasClientException bad = assertThrows(AtlasClientException.class, () -> atlas.nodes().heartbeat("0x12", 1));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.code());
        assertEquals("wallet_address", bad.field().orElseThrow());

        AtlasClientException negative = assertThrows(AtlasClientException.class,
                () -> atlas.nodes().trackContentServed(wallet(2), -1, 0));
        assertEquals("bytes", negative.field().orElseThrow());

        assertEquals(Status.Code.NOT_FOUND,
                assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(wallet(3))).code());
    }
}
