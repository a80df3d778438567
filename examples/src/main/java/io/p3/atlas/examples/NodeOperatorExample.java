package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeDailyMetrics;

/**
 * A node operator's agent: sends heartbeats and reports served content, then prints its totals.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" \
 *     io.p3.atlas.examples.NodeOperatorExample localhost:8080 0x52908400098527886E0F7030069857D2E4169EE7 3
 * </pre>
 *
 * Arguments: server (default localhost:8080), wallet, number of heartbeats (default 3, one per second).
 */
public final class NodeOperatorExample {
    private NodeOperatorExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "localhost:8080";
        String wallet = args.length > 1 ? args[1] : "0x52908400098527886E0F7030069857D2E4169EE7";
        int beats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            for (int i = 0; i < beats; i++) {
                NodeDailyMetrics today = atlas.nodes().heartbeat(wallet, 4 + i);
                atlas.nodes().trackContentServed(wallet, 256 * 1024, 1);
                System.out.printf("heartbeat %d: uptime today %d ms, peers %d%n", i + 1, today.getUptimeMs(),
                        today.getPeersConnected());
                if (i + 1 < beats) {
                    Thread.sleep(1000);
                }
            }
            Node node = atlas.nodes().getNode(wallet);
            System.out.printf("%s is %s: %d bytes served, %d tasks, %d ms uptime in total%n",
                    node.getWalletAddress(), node.getStatus(), node.getBytesServed(), node.getTasksCompleted(),
                    node.getUptimeMs());
        }
    }
}
