package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.catalog.app.App;
import io.p3.atlas.server.catalog.app.AppService;
import io.p3.atlas.server.catalog.app.MyBatisAppStore;
import io.p3.atlas.server.catalog.channel.Channel;
import io.p3.atlas.server.catalog.channel.ChannelMapper;
import io.p3.atlas.server.catalog.channel.ChannelService;
import io.p3.atlas.server.catalog.channel.ImportResult;
import io.p3.atlas.server.catalog.channel.MyBatisChannelStore;
import io.p3.atlas.server.catalog.channel.PlaylistFetcher;
import io.p3.atlas.server.catalog.stream.MyBatisStreamStore;
import io.p3.atlas.server.catalog.stream.Stream;
import io.p3.atlas.server.catalog.stream.StreamKind;
import io.p3.atlas.server.catalog.stream.StreamMapper;
import io.p3.atlas.server.catalog.stream.CatalogStreamService;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.catalog.app.AppMapper;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The catalog rules on each real database (H2 and PostgreSQL subclasses): imports, listing, paging,
 * streams, apps and cache invalidation, through the domain services over the MyBatis stores.
 */
public abstract class CatalogStoreContract {
    static final PlaylistFetcher NO_FETCH = (uri, previous, body) -> {
        throw new AssertionError("no fetching in this test");
    };

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    Database db;
    ChannelService channels;
    CatalogStreamService streams;
    AppService apps;
    CatalogCache cache;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        db = Database.open(database().newDatabase(), new SimpleMeterRegistry(),
                List.of(ChannelMapper.class, StreamMapper.class, AppMapper.class));
        cache = newCache(Duration.ofSeconds(60));
        channels = new ChannelService(new MyBatisChannelStore(db, clock), cache, NO_FETCH);
        streams = new CatalogStreamService(new MyBatisStreamStore(db), cache, channels::exists, clock);
        apps = new AppService(new MyBatisAppStore(db), cache, clock);
    }

    CatalogCache newCache(Duration ttl) {
        return new CatalogCache(ttl, new SimpleMeterRegistry(), () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    public static String fixture(String name) {
        try (InputStream in = CatalogStoreContract.class.getResourceAsStream("/m3u/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertFails(ErrorCode code, String field, Executable call) {
        AtlasException e = assertThrows(AtlasException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        if (field != null) {
            assertEquals(field, e.field(), e.getMessage());
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
    }

    List<Channel> listAll(String group, String language, String query, int pageSize) {
        List<Channel> all = new ArrayList<>();
        String token = "";
        do {
            Page<Channel> page = channels.list(group, language, query, pageSize, token);
            assertTrue(page.items().size() <= pageSize);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    @Test
    void canadianPlaylistImportsEveryEntryAndReimportUpdates() {
        ImportResult first = channels.importContent(fixture("iptv-org-ca.m3u"), "ca");
        assertEquals(136, first.imported());
        assertEquals(0, first.updated());
        assertEquals(0, first.skipped());
        clock.advance(Duration.ofMinutes(5));
        ImportResult again = channels.importContent(fixture("iptv-org-ca.m3u"), "ca-again");
        assertEquals(0, again.imported());
        assertEquals(136, again.updated());

        List<Channel> all = listAll("", "", "", 50);
        assertEquals(136, all.size());
        assertEquals(136, channels.list("", "", "", 1, "").totalSize());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            Channel c = all.get(i);
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(c.id().matches("[a-z0-9-]+"), c.id());
            assertEquals(c, channels.get(c.id()));
            if (i > 0) {
                Channel p = all.get(i - 1);
                int byName = p.name().compareTo(c.name());
                assertTrue(byName < 0 || byName == 0 && p.id().compareTo(c.id()) < 0 || !isAscii(p.name() + c.name()),
                        p.name() + " / " + c.name());
            }
        }
        Channel fiveAab = all.stream().filter(c -> c.tvgId().equals("5AABTV.ca")).findFirst().orElseThrow();
        assertEquals("5AAB TV", fiveAab.name());
        assertEquals("720p", fiveAab.quality());
        assertEquals(List.of("Not 24/7"), fiveAab.labels());
        assertEquals("ca-again", fiveAab.source());
        assertEquals(clock.instant().minus(Duration.ofMinutes(5)), fiveAab.createTime());
        assertEquals(clock.instant(), fiveAab.updateTime());
        List<Channel> azStar = all.stream().filter(c -> c.tvgId().equals("AzStarTV.ca")).toList();
        assertEquals(2, azStar.size());
        assertNotEquals(azStar.get(0).id(), azStar.get(1).id());
        Channel miracle = all.stream().filter(c -> c.name().equals("Miracle Channel")).findFirst().orElseThrow();
        assertEquals("https://www.miraclechannel.ca/", miracle.httpReferrer());
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch < 128);
    }

    @Test
    void germanPlaylistPagesByLanguageCaseInsensitively() {
        channels.importContent(fixture("iptv-org-de-excerpt.m3u"), null);
        List<Channel> german = listAll("", "german", "", 5);
        assertEquals(30, german.size());
        Page<Channel> first = channels.list("", "German", "", 5, "");
        assertEquals(5, first.items().size());
        assertEquals(30, first.totalSize());
        assertEquals("A1 Now", first.items().get(0).name());
        assertEquals("inline", first.items().get(0).source());
        assertEquals(0, channels.list("", "English", "", 5, "").totalSize());
        List<String> dw = channels.list("", "", "dw e", 50, "").items().stream().map(Channel::name).toList();
        assertEquals(List.of("DW English", "DW English", "DW Español"), dw);
        assertEquals(0, channels.list("", "", "%", 50, "").totalSize());
        assertEquals(0, channels.list("", "", "_", 50, "").totalSize());
    }

    @Test
    void nastyPlaylistSkipsWhatItCannotUseAndReportsLines() {
        ImportResult r = channels.importContent("#EXTM3U\n"
                + "#EXTINF:-1 group-title=\"News\",One (720p)\nhttp://a.example/1\n"
                + "#EXTINF:-1,One again\nhttp://a.example/1\n"
                + "#EXTINF:-1,No URL\n"
                + "#EXTINF:-1,Bad scheme\nfile:///etc/passwd\n"
                + "#EXTINF:-1,\nhttp://a.example/untitled\n"
                + "http://a.example/stray\n"
                + "#EXTINF:-1,Two\nhttp://a.example/2\n", "nasty");
        assertEquals(2, r.imported());
        assertEquals(5, r.skipped());
        assertEquals(List.of(4, 6, 7, 9, 11), r.errors().stream().map(ImportResult.LineError::line).toList());
        assertTrue(r.errors().get(0).reason().contains("line 2"), r.errors().get(0).reason());
        assertEquals("One", channels.list("news", "", "", 10, "").items().get(0).name());
    }

    @Test
    void notAPlaylistIsInvalidArgumentAndWritesNothing() {
        assertFails(ErrorCode.INVALID_ARGUMENT, "playlist_content",
                () -> channels.importContent("<html>not a playlist</html>", null));
        assertFails(ErrorCode.INVALID_ARGUMENT, "playlist_content", () -> channels.importContent("", null));
        assertFails(ErrorCode.INVALID_ARGUMENT, "source",
                () -> channels.importContent("#EXTM3U\n#EXTINF:-1,A\nhttp://a.example/\n", "s".repeat(2049)));
        assertEquals(0, channels.list("", "", "", 10, "").totalSize());
    }

    @Test
    void largePlaylistImportsInBatches() {
        int n = 5_000; // five chunks of ChannelImporter.CHUNK
        StringBuilder sb = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i < n; i++) {
            sb.append("#EXTINF:-1 tvg-id=\"Ch").append(i % 1000).append(".xx\" group-title=\"G").append(i % 7)
                    .append("\",Channel ").append(i).append(" (720p)\nhttp://big.example/").append(i).append(".m3u8\n");
        }
        ImportResult r = channels.importContent(sb.toString(), "big");
        assertEquals(n, r.imported());
        assertEquals(n, channels.list("", "", "", 1, "").totalSize());
        ImportResult again = channels.importContent(sb.toString(), "big");
        assertEquals(n, again.updated());
        assertEquals(n, channels.list("", "", "", 1, "").totalSize());
    }

    /** A playlist overlapping an earlier one: known URLs are updated in place (same id), new ones created. */
    @Test
    void overlappingImportUpdatesKnownUrlsAndCreatesNewOnes() {
        String first = "#EXTM3U\n#EXTINF:-1,One\nhttp://o.example/1\n#EXTINF:-1,Two\nhttp://o.example/2\n"
                + "#EXTINF:-1,Three\nhttp://o.example/3\n";
        assertEquals(3, channels.importContent(first, "a").imported());
        String idOfTwo = listAll("", "", "two", 10).get(0).id();
        clock.advance(Duration.ofMinutes(1));
        String second = "#EXTM3U\n#EXTINF:-1 group-title=\"New\",Two renamed\nhttp://o.example/2\n"
                + "#EXTINF:-1,Four\nhttp://o.example/4\n#EXTINF:-1,Three\nhttp://o.example/3\n"
                + "#EXTINF:-1,Five\nhttp://o.example/5\n";
        ImportResult r = channels.importContent(second, "b");
        assertEquals(2, r.imported());
        assertEquals(2, r.updated());
        List<Channel> all = listAll("", "", "", 10);
        assertEquals(5, all.size());
        Channel two = listAll("new", "", "", 10).get(0);
        assertEquals(idOfTwo, two.id());
        assertEquals("Two renamed", two.name());
        assertEquals("b", two.source());
        assertTrue(two.updateTime().isAfter(two.createTime()));
    }

    @Test
    void pagingRulesAndTokens() {
        channels.importContent(fixture("iptv-org-ca.m3u"), null);
        Page<Channel> first = channels.list("", "", "", 10, "");
        assertFails(ErrorCode.INVALID_ARGUMENT, "page_token", () -> channels.list("", "", "", 10, "garbage!"));
        assertFails(ErrorCode.INVALID_ARGUMENT, "page_token",
                () -> channels.list("", "German", "", 10, first.nextPageToken()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "page_size", () -> channels.list("", "", "", -1, ""));
        assertEquals(50, channels.list("", "", "", 0, "").items().size());
        assertEquals(136, channels.list("", "", "", 5000, "").items().size());
    }

    @Test
    void deleteAndNotFound() {
        channels.importContent("#EXTM3U\n#EXTINF:-1,Solo\nhttp://solo.example/\n", null);
        Channel solo = channels.list("", "", "", 10, "").items().get(0);
        assertEquals(solo, channels.get(solo.id()));
        channels.delete(solo.id());
        assertFails(ErrorCode.NOT_FOUND, null, () -> channels.get(solo.id()));
        assertFails(ErrorCode.NOT_FOUND, null, () -> channels.delete(solo.id()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "id", () -> channels.get("bad/id"));
        assertEquals(0, channels.list("", "", "", 10, "").totalSize());
    }

    @Test
    void aWriteOnAnotherInstanceIsSeenWithinTheTtl() {
        CatalogCache otherCache = newCache(Duration.ofSeconds(60));
        ChannelService other = new ChannelService(new MyBatisChannelStore(db, clock), otherCache, NO_FETCH);
        assertEquals(0, other.list("", "", "", 10, "").totalSize());
        channels.importContent("#EXTM3U\n#EXTINF:-1,Solo\nhttp://solo.example/\n", null);
        assertEquals(1, channels.list("", "", "", 10, "").totalSize());
        assertEquals(0, other.list("", "", "", 10, "").totalSize(), "cached on the other instance");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(1, other.list("", "", "", 10, "").totalSize());
    }

    @Test
    void streamsCreateGetListFilterDelete() {
        channels.importContent("#EXTM3U\n#EXTINF:-1,Solo\nhttp://solo.example/\n", null);
        String channelId = channels.list("", "", "", 10, "").items().get(0).id();
        Stream live = streams.create("live-1", "Solo live", StreamKind.LIVE, channelId, "", "https://img.example/t.png",
                List.of("News", "news", "Live"));
        assertEquals(List.of("live", "news"), live.tags());
        assertEquals(live, streams.get("live-1"));
        insertAsset("asset-9");
        insertAsset("asset-10");
        streams.create("vod-1", "Movie", StreamKind.VOD, "", "asset-9", "", List.of("movies"));
        Stream generated = streams.create("", "Radio", StreamKind.AUDIO, null, "asset-10", null, List.of());
        assertTrue(generated.id().matches("[a-z0-9]{16}"), generated.id());

        assertFails(ErrorCode.ALREADY_EXISTS, null,
                () -> streams.create("live-1", "Again", StreamKind.LIVE, channelId, "", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.channel_id",
                () -> streams.create("x", "X", StreamKind.LIVE, "no-such-channel", "", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.asset_id",
                () -> streams.create("x", "X", StreamKind.LIVE, channelId, "asset-1", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.kind",
                () -> streams.create("x", "X", null, channelId, "", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.title",
                () -> streams.create("x", " ", StreamKind.LIVE, channelId, "", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.id",
                () -> streams.create("has space", "X", StreamKind.LIVE, channelId, "", "", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.thumbnail_url",
                () -> streams.create("x", "X", StreamKind.LIVE, channelId, "", "ftp://a/b", List.of()));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.tags",
                () -> streams.create("x", "X", StreamKind.LIVE, channelId, "", "", List.of("a b")));

        assertEquals(List.of("live-1"), streams.list(StreamKind.LIVE, "", 10, "").items().stream().map(Stream::id).toList());
        assertEquals(List.of("vod-1"), streams.list(null, "MOVIES", 10, "").items().stream().map(Stream::id).toList());
        Page<Stream> p1 = streams.list(null, "", 2, "");
        assertEquals(2, p1.items().size());
        Page<Stream> p2 = streams.list(null, "", 2, p1.nextPageToken());
        assertEquals(1, p2.items().size());
        assertEquals("", p2.nextPageToken());
        assertFails(ErrorCode.INVALID_ARGUMENT, "page_token", () -> streams.list(StreamKind.VOD, "", 2, p1.nextPageToken()));

        streams.delete("live-1");
        assertFails(ErrorCode.NOT_FOUND, null, () -> streams.get("live-1"));
        assertFails(ErrorCode.NOT_FOUND, null, () -> streams.delete("live-1"));
        assertEquals(2, streams.list(null, "", 10, "").items().size());
    }

    /** An asset row as StreamService stores it (the catalog refers to assets by id only). */
    void insertAsset(String id) {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO assets (id, type, content_type, create_time)"
                     + " VALUES (?, 'ASSET_TYPE_MEDIA', 'video/mp4', CURRENT_TIMESTAMP)")) {
            s.setString(1, id);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void deleteAsset(String id) {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("DELETE FROM assets WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStreamNeverOutlivesWhatItPlays() {
        channels.importContent("#EXTM3U\n#EXTINF:-1,Solo\nhttp://solo.example/\n#EXTINF:-1,Duo\nhttp://duo.example/\n",
                null);
        List<Channel> both = channels.list("", "", "", 10, "").items();
        insertAsset("movie");
        streams.create("on-solo", "Solo", StreamKind.LIVE, both.get(0).id(), "", "", List.of("a"));
        streams.create("on-duo", "Duo", StreamKind.LIVE, both.get(1).id(), "", "", List.of());
        streams.create("on-movie", "Movie", StreamKind.VOD, "", "movie", "", List.of("b"));
        assertFails(ErrorCode.INVALID_ARGUMENT, "stream.asset_id",
                () -> streams.create("on-nothing", "X", StreamKind.VOD, "", "no-such-asset", "", List.of()));

        channels.delete(both.get(0).id());
        assertFails(ErrorCode.NOT_FOUND, null, () -> streams.get("on-solo"));
        deleteAsset("movie");
        cache.invalidateAll(); // what the content feature's change listener does
        assertFails(ErrorCode.NOT_FOUND, null, () -> streams.get("on-movie"));
        assertEquals(List.of("on-duo"), streams.list(null, "", 10, "").items().stream().map(Stream::id).toList());
        assertEquals(List.of(), streams.list(null, "a", 10, "").items(), "tags went with their streams");
    }

    @Test
    void appsRegisterGetListFilterDelete() {
        App quiz = apps.register(new App("com.example.quiz", " Quiz ", "A quiz", "asset-1", "1.0.0",
                "https://img.example/q.png", "Games", null));
        assertEquals("Quiz", quiz.name());
        assertEquals(clock.instant(), quiz.createTime());
        assertEquals(quiz, apps.get("com.example.quiz"));
        apps.register(new App("com.example.news", "News", "", "", "", "", "news", null));
        apps.register(new App("com.example.chess", "Chess", "", "", "", "", "GAMES", null));
        assertFails(ErrorCode.ALREADY_EXISTS, null,
                () -> apps.register(new App("com.example.quiz", "Other", "", "", "", "", "", null)));
        assertFails(ErrorCode.INVALID_ARGUMENT, "app.name",
                () -> apps.register(new App("x", "", "", "", "", "", "", null)));
        assertFails(ErrorCode.INVALID_ARGUMENT, "app.id",
                () -> apps.register(new App("", "X", "", "", "", "", "", null)));
        assertFails(ErrorCode.INVALID_ARGUMENT, "app.icon_url",
                () -> apps.register(new App("x", "X", "", "", "", "javascript:alert(1)", "", null)));
        assertFails(ErrorCode.INVALID_ARGUMENT, "app.version",
                () -> apps.register(new App("x", "X", "", "", "v".repeat(65), "", "", null)));

        assertEquals(List.of("com.example.chess", "com.example.quiz"),
                apps.list("games", 10, "").items().stream().map(App::id).toList());
        Page<App> p1 = apps.list("", 2, "");
        assertEquals(List.of("com.example.chess", "com.example.news"), p1.items().stream().map(App::id).toList());
        assertEquals(List.of("com.example.quiz"),
                apps.list("", 2, p1.nextPageToken()).items().stream().map(App::id).toList());
        apps.delete("com.example.quiz");
        assertFails(ErrorCode.NOT_FOUND, null, () -> apps.get("com.example.quiz"));
        assertFalse(apps.list("", 10, "").items().stream().anyMatch(a -> a.id().equals("com.example.quiz")));
    }
}
