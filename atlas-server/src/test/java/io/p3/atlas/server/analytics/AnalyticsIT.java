package io.p3.atlas.server.analytics;

import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET;
import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET2;
import static io.p3.atlas.server.analytics.AnalyticsTesting.event;
import static io.p3.atlas.server.analytics.AnalyticsTesting.request;
import static io.p3.atlas.server.testing.StatusDetails.unpack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.testing.Observers;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.DailyEventStats;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.GetEventStatsRequest;
import io.p3.atlas.v1.IngestEventsRequest;
import io.p3.atlas.v1.IngestEventsResponse;
import io.p3.atlas.v1.StreamEventsRequest;
import io.p3.atlas.v1.StreamEventsResponse;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** AnalyticsService over grpc-java, client streaming, gRPC-Web and HTTP/JSON, on PostgreSQL. */
class AnalyticsIT {
    static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    static {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    }

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_ANALYTICS_FLUSH_INTERVAL", "PT0.01S");

    AnalyticsServiceGrpc.AnalyticsServiceBlockingStub grpc() {
        return AnalyticsServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    AnalyticsServiceGrpc.AnalyticsServiceBlockingStub grpcWeb() {
        return GrpcClients.builder(server.baseUri()).serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(AnalyticsServiceGrpc.AnalyticsServiceBlockingStub.class);
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    List<DailyEventStats> stats(String name) {
        return grpc().getEventStats(GetEventStatsRequest.newBuilder().setName(name).build()).getStatsList();
    }

    @Test
    void oneBadEventIsRejectedAloneWithItsIndexAndField() throws Exception {
        IngestEventsResponse r = grpc().ingestEvents(request(event("grpc.one", WALLET), event("Bad Name", WALLET),
                event("grpc.one", ""), event("grpc.one", "0x123")));
        assertEquals(2, r.getAcceptedCount());
        assertEquals(2, r.getRejectionsCount());
        assertEquals(1, r.getRejections(0).getIndex());
        assertEquals("name", r.getRejections(0).getField());
        assertEquals(3, r.getRejections(1).getIndex());
        assertEquals("wallet_address", r.getRejections(1).getField());
        AnalyticsTesting.awaitWritten(server.server());
        DailyEventStats s = stats("grpc.one").get(0);
        assertEquals(today(), s.getDate());
        assertEquals(2, s.getCount());
        assertEquals(1, s.getUniqueUsers(), "the event without a wallet counts, but not as a user");
    }

    @Test
    void moreThan1000EventsPerCallIsInvalidArgumentNamingEvents() {
        IngestEventsRequest.Builder b = IngestEventsRequest.newBuilder();
        for (int i = 0; i < 1001; i++) {
            b.addEvents(event("too.many", ""));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc().ingestEvents(b.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("events"));
        BadRequest details = unpack(e, BadRequest.class);
        assertEquals("events", details.getFieldViolations(0).getField());
    }

    @Test
    void clientStreamingSummarizesTheWholeStreamWithStreamWideIndexes() throws Exception {
        CompletableFuture<StreamEventsResponse> done = new CompletableFuture<>();
        StreamObserver<StreamEventsRequest> in = AnalyticsServiceGrpc.newStub(server.channel())
                .streamEvents(Observers.into(done));
        in.onNext(StreamEventsRequest.newBuilder().addEvents(event("stream.chunk", WALLET))
                .addEvents(event("stream.chunk", WALLET2)).addEvents(event("stream.chunk", WALLET)).build());
        in.onNext(StreamEventsRequest.newBuilder().addEvents(event("stream.chunk", ""))
                .addEvents(event("", WALLET)).build());
        in.onCompleted();
        StreamEventsResponse r = done.get(30, TimeUnit.SECONDS);
        assertEquals(4, r.getAcceptedCount());
        assertEquals(1, r.getRejectionsCount());
        assertEquals(4, r.getRejections(0).getIndex(), "index counts from the start of the stream");
        assertEquals("name", r.getRejections(0).getField());
        AnalyticsTesting.awaitWritten(server.server());
        DailyEventStats s = stats("stream.chunk").get(0);
        assertEquals(4, s.getCount());
        assertEquals(2, s.getUniqueUsers());
    }

    @Test
    void grpcWebIngestsAndReadsStats() throws Exception {
        Event timed = event("web.open", WALLET).toBuilder().putProperties("screen", "home")
                .setEventTime(Timestamp.newBuilder().setSeconds(java.time.Instant.now().getEpochSecond() - 86_400))
                .build();
        IngestEventsResponse r = grpcWeb().ingestEvents(request(timed, event("web.open", WALLET)));
        assertEquals(2, r.getAcceptedCount());
        AnalyticsTesting.awaitWritten(server.server());
        List<DailyEventStats> s = grpcWeb().getEventStats(GetEventStatsRequest.newBuilder().setName("web.open").build())
                .getStatsList();
        assertEquals(2, s.size(), "one row per day of event_time: " + s);
        assertEquals(LocalDate.now(ZoneOffset.UTC).minusDays(1).toString(), s.get(0).getDate());
        assertEquals(1, s.get(0).getCount());
        assertEquals(1, s.get(1).getCount());
    }

    @Test
    void httpJsonIngestAsInTheReadmeThenStats() throws Exception {
        HttpResponse<String> r = server.postJson("/v1/events:ingest",
                "{\"events\":[{\"name\":\"http.start\",\"walletAddress\":\"" + WALLET + "\",\"streamId\":\"s1\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().replace(" ", "").contains("\"acceptedCount\":1"), r.body());
        server.postJson("/v1/events:ingest", "{\"events\":[{\"name\":\"http.start\",\"walletAddress\":\""
                + WALLET.toLowerCase(Locale.ROOT) + "\"},{\"name\":\"http.start\",\"walletAddress\":\"" + WALLET2
                + "\"}]}");
        AnalyticsTesting.awaitWritten(server.server());
        HttpResponse<String> s = server.get("/v1/eventStats?startDate=" + today() + "&endDate=" + today()
                + "&name=http.start");
        assertEquals(200, s.statusCode(), s.body());
        String body = s.body().replace(" ", "");
        assertTrue(body.contains("\"count\":\"3\""), body);
        assertTrue(body.contains("\"uniqueUsers\":\"2\""), body);
        assertTrue(server.get("/v1/eventStats").body().contains("http.start"), "defaults: the last 30 days");
    }

    @Test
    void theIssuesBareCurlWithAFormContentTypeWorks() {
        HttpResponse<String> r = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUri() + "/v1/events:ingest"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"events\":[{\"name\":\"stream.start\","
                        + "\"walletAddress\":\"" + WALLET + "\",\"streamId\":\"s1\"}]}"))
                .build());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().replace(" ", "").contains("\"acceptedCount\":1"), r.body());
    }

    @Test
    void httpJsonErrorsNameTheField() {
        HttpResponse<String> r = server.get("/v1/eventStats?start_date=2026-13-01");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("start_date"), r.body());
        r = server.get("/v1/eventStats?startDate=2020-01-01&endDate=2026-01-01"); // lowerCamelCase works too
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("end_date"), r.body());
    }

    @Test
    void noTableLogLineOrMetricEverHoldsTheRawWallet() throws Exception {
        Event withProps = event("privacy.check", WALLET).toBuilder().setAppId("app").setAssetId("a1")
                .putProperties("plan", "free").build();
        grpc().ingestEvents(request(withProps, event("privacy.check", WALLET.toUpperCase(Locale.ROOT)
                .replace("0X", "0x"))));
        grpcWeb().ingestEvents(request(event("privacy.check", WALLET.toLowerCase(Locale.ROOT))));
        server.postJson("/v1/events:ingest", "{\"events\":[{\"name\":\"privacy.check\",\"walletAddress\":\""
                + WALLET + "\"},{\"name\":\"Bad!\",\"walletAddress\":\"" + WALLET + "\"}]}");
        CompletableFuture<StreamEventsResponse> done = new CompletableFuture<>();
        StreamObserver<StreamEventsRequest> in = AnalyticsServiceGrpc.newStub(server.channel())
                .streamEvents(Observers.into(done));
        in.onNext(StreamEventsRequest.newBuilder().addEvents(event("privacy.check", WALLET)).build());
        in.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        AnalyticsTesting.awaitWritten(server.server());
        assertEquals(5, stats("privacy.check").get(0).getCount());
        assertEquals(1, stats("privacy.check").get(0).getUniqueUsers());

        String hex = WALLET.substring(2).toLowerCase(Locale.ROOT);
        try (Connection c = AnalyticsTesting.connect(server.databaseUrl().orElseThrow())) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT table_name, column_name FROM"
                    + " information_schema.columns WHERE table_schema = 'public' AND data_type IN"
                    + " ('text', 'character varying', 'character', 'json', 'jsonb')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertTrue(columns.stream().anyMatch(t -> t[0].equals("analytics_events") && t[1].equals("anon_user_id")));
            assertTrue(AnalyticsTesting.count(c, "SELECT COUNT(*) FROM analytics_events") >= 5);
            for (String[] col : columns) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + col[0] + " WHERE LOWER("
                        + col[1] + ") LIKE ?")) {
                    ps.setString(1, "%" + hex + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(0, rs.getLong(1), col[0] + "." + col[1] + " holds the raw wallet");
                    }
                }
            }
        }
        java.util.Optional<String> dump = pgDump(server.databaseUrl().orElseThrow());
        if (dump.isPresent()) { // wherever the PostgreSQL client tools are installed, as they are with the server
            assertTrue(dump.get().contains("analytics_events"), "the dump holds the analytics tables");
            assertFalse(dump.get().toLowerCase(Locale.ROOT).contains(hex), "pg_dump holds the raw wallet");
        }
        String metrics = server.get("/internal/metrics").body().toLowerCase(Locale.ROOT);
        assertFalse(metrics.contains(hex));
        synchronized (LOGS) {
            for (ILoggingEvent e : List.copyOf(LOGS.list)) {
                assertFalse(e.getFormattedMessage().toLowerCase(Locale.ROOT).contains(hex), e.getFormattedMessage());
            }
        }
    }

    @Test
    void metricsShowQueueDepthBatchSizesFlushLatencyAndZeroDrops() throws Exception {
        grpc().ingestEvents(request(event("metrics.check", WALLET)));
        AnalyticsTesting.awaitWritten(server.server());
        String metrics = server.get("/internal/metrics").body();
        for (String m : List.of("atlas_analytics_queue_depth", "atlas_analytics_batch_size_count",
                "atlas_analytics_flush_duration_seconds_count", "atlas_analytics_events_accepted_total")) {
            assertTrue(metrics.contains(m), m);
        }
        assertTrue(metrics.contains("atlas_analytics_dropped_total 0.0"), "drops must be zero");
    }

    /** The issue's check, literally: pg_dump of the whole database (data and schema) as text. */
    static java.util.Optional<String> pgDump(String databaseUrl) throws Exception {
        java.nio.file.Path versions = java.nio.file.Path.of("/usr/lib/postgresql");
        if (!java.nio.file.Files.isDirectory(versions)) {
            return java.util.Optional.empty();
        }
        java.util.Optional<java.nio.file.Path> bin;
        try (var list = java.nio.file.Files.list(versions)) {
            bin = list.map(v -> v.resolve("bin/pg_dump")).filter(java.nio.file.Files::isExecutable)
                    .sorted(java.util.Comparator.reverseOrder()).findFirst();
        }
        if (bin.isEmpty()) {
            return java.util.Optional.empty();
        }
        Process p = new ProcessBuilder(bin.get().toString(), "--dbname=" + databaseUrl.replaceFirst("^postgres://",
                "postgresql://")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_dump finished");
        assertEquals(0, p.exitValue(), out);
        return java.util.Optional.of(out);
    }
}
