package io.p3.atlas.examples;

import io.p3.atlas.client.AnalyticsClient;
import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.v1.DailyEventStats;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.IngestEventsResponse;
import io.p3.atlas.v1.StreamEventsResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A player reporting playback events (unary, then streaming like a relay), then today's stats.
 * Arguments: server (default localhost:8080). The wallet is anonymized by the server.
 */
public final class AnalyticsExample {
    private AnalyticsExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String target = args.length > 0 ? args[0] : "localhost:8080";
        String wallet = "0x52908400098527886E0F7030069857D2E4169EE7";
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            AnalyticsClient analytics = atlas.analytics();
            IngestEventsResponse r = analytics.ingest(List.of(
                    Event.newBuilder().setName("stream.start").setWalletAddress(wallet).setStreamId("s1")
                            .putProperties("quality", "1080p").build(),
                    Event.newBuilder().setName("Not A Valid Name").build()));
            System.out.printf("ingest: %d accepted, %d rejected (%s)%n", r.getAcceptedCount(),
                    r.getRejectionsCount(), r.getRejections(0).getReason());

            StreamEventsResponse summary;
            try (AnalyticsClient.EventStream stream = analytics.openStream()) {
                for (int i = 0; i < 3; i++) {
                    stream.send(List.of(Event.newBuilder().setName("stream.heartbeat").setWalletAddress(wallet)
                            .setStreamId("s1").build()));
                }
                summary = stream.finish();
            }
            System.out.printf("stream: %d accepted%n", summary.getAcceptedCount());

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            // Accepted events are written asynchronously, in batches, within a fraction of a second.
            List<DailyEventStats> stats = analytics.stats(today, today, null);
            for (int i = 0; i < 20 && stats.stream().mapToLong(DailyEventStats::getCount).sum() < 4; i++) {
                Thread.sleep(250);
                stats = analytics.stats(today, today, null);
            }
            for (DailyEventStats s : stats) {
                System.out.printf("%s %s: %d events, %d unique users%n", s.getDate(), s.getName(), s.getCount(),
                        s.getUniqueUsers());
            }
        }
    }
}
