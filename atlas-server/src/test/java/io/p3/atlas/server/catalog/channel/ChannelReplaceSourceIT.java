package io.p3.atlas.server.catalog.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.server.upstream.UpstreamConfig;
import io.p3.atlas.server.upstream.UpstreamFetcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Imports that replace their source, on H2 and on PostgreSQL: the channels a source dropped are removed,
 * other sources are untouched, scheduled refreshes always replace, and a refresh that breaks part-way
 * removes nothing.
 */
class ChannelReplaceSourceIT {
    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

    static String playlist(String... names) {
        return "#EXTM3U\n" + Arrays.stream(names)
                .map(n -> "#EXTINF:-1," + n + "\nhttp://tv.example/" + n + "\n").collect(Collectors.joining());
    }

    static String names(ChannelService channels) {
        return channels.list("", "", "", 100, "").items().stream()
                .map(c -> c.name() + "@" + c.source()).sorted().collect(Collectors.joining(" "));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void replacingImportRemovesWhatTheSourceDroppedAndNothingElse(TestDatabase database) {
        try (Database db = Database.open(database.newDatabase(), new SimpleMeterRegistry())) {
            ChannelService channels = service(db, (uri, previous, body) -> {
                throw new AssertionError("no fetching here");
            });
            assertEquals(0, channels.importContent(playlist("a1", "a2", "a3"), "a", true).removed());
            assertEquals(2, channels.importContent(playlist("b1", "b2"), "b", true).imported());

            ImportResult again = channels.importContent(playlist("a1", "a3"), "a", true);
            assertEquals(List.of(0, 2, 1), List.of(again.imported(), again.updated(), again.removed()));
            assertEquals("a1@a a3@a b1@b b2@b", names(channels), "a2 is gone, source b untouched");

            ImportResult merge = channels.importContent(playlist("a1"), "a", false);
            assertEquals(0, merge.removed(), "without replace_source nothing is removed");
            assertEquals("a1@a a3@a b1@b b2@b", names(channels));

            ImportResult inline = channels.importContent(playlist("i1", "i2"), "", true);
            assertEquals(0, inline.removed());
            assertEquals(1, channels.importContent(playlist("i2"), null, true).removed(),
                    "inline content without a source replaces the source \"inline\"");
            assertEquals("a1@a a3@a b1@b b2@b i2@inline", names(channels));

            assertThrows(AtlasException.class, () -> channels.importContent("<html>", "b", true));
            assertEquals(2, channels.importContent("#EXTM3U\n", "b", true).removed(),
                    "an empty playlist is the complete list: the source has no channels left");
            assertEquals("a1@a a3@a i2@inline", names(channels));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void scheduledRefreshReplacesAndABrokenRefreshRemovesNothing(TestDatabase database) throws Exception {
        AtomicReference<String> body = new AtomicReference<>(playlist("u1", "u2"));
        Server upstream = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service("/list.m3u", (ctx, req) -> body.get().contains("BROKEN") ? broken(ctx)
                        : HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
                                .contentType(MediaType.parse("audio/x-mpegurl"))
                                .set(HttpHeaderNames.ETAG, "\"" + body.get().hashCode() + "\"").build(),
                        HttpData.ofUtf8(body.get())))
                .build();
        upstream.start().join();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        URI url = URI.create("http://127.0.0.1:" + upstream.activeLocalPort() + "/list.m3u");
        try (Database db = Database.open(database.newDatabase(), meters);
             UpstreamFetcher fetcher = new UpstreamFetcher(
                     new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), 0, true), meters)) {
            ChannelService channels = service(db, new UpstreamPlaylistFetcher(fetcher, 1_000_000));
            channels.importContent(playlist("other"), "other", true);
            try (ChannelRefresher refresher = new ChannelRefresher(channels, List.of(url), Duration.ofHours(1),
                    meters)) {
                awaitRefreshes(meters, 1); // the first refresh runs in the background at start
                assertEquals("other@other u1@" + url + " u2@" + url, names(channels));

                body.set(playlist("u1"));
                refresher.refreshAll();
                assertEquals("other@other u1@" + url, names(channels), "the refresh removed u2");

                body.set("BROKEN");
                refresher.refreshAll();
                assertEquals(1.0, meters.counter("atlas.catalog.refresh", "result", "failed").count());
                assertEquals(0, upstreamErrors(meters), "the body broke, the status was 200");
                assertEquals("other@other u1@" + url, names(channels), "a failed refresh removes nothing");
            }
        } finally {
            upstream.stop().join();
        }
    }

    /** A playlist whose connection breaks after its first entry (a replacing import would drop everything else). */
    static HttpResponse broken(ServiceRequestContext ctx) {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("audio/x-mpegurl")).build());
        w.write(HttpData.ofUtf8(playlist("u9")));
        ctx.eventLoop().schedule(() -> w.abort(new IOException("connection reset")), 300, TimeUnit.MILLISECONDS);
        return w;
    }

    static double upstreamErrors(SimpleMeterRegistry meters) {
        return meters.find("atlas.upstream.requests").counters().stream()
                .filter(c -> c.getId().getTag("outcome").startsWith("upstream_")).mapToDouble(c -> c.count()).sum();
    }

    ChannelService service(Database db, PlaylistFetcher fetcher) {
        CatalogCache cache = new CatalogCache(Duration.ZERO, new SimpleMeterRegistry());
        return new ChannelService(new MyBatisChannelStore(db, clock), cache, fetcher);
    }

    static void awaitRefreshes(SimpleMeterRegistry meters, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (meters.find("atlas.catalog.refresh").counters().stream().mapToDouble(c -> c.count()).sum() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no refresh within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
