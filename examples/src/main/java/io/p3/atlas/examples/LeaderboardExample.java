package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.client.NodeClient;
import io.p3.atlas.v1.NodeDailyMetrics;
import java.util.List;

/**
 * Prints today's top nodes by bytes served and by uptime.
 * Arguments: server (default localhost:8080), how many (default 10).
 */
public final class LeaderboardExample {
    private LeaderboardExample() {
    }

    public static void main(String[] args) {
        String target = args.length > 0 ? args[0] : "localhost:8080";
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            for (NodeClient.Order order : NodeClient.Order.values()) {
                List<NodeDailyMetrics> rows = atlas.nodes().leaderboard(null, order, top);
                System.out.println("Top " + rows.size() + " by " + order + ":");
                int rank = 1;
                for (NodeDailyMetrics m : rows) {
                    System.out.printf("%3d. %s  %,d bytes  %,d ms up%n", rank++, m.getWalletAddress(),
                            m.getBytesServed(), m.getUptimeMs());
                }
            }
        }
    }
}
