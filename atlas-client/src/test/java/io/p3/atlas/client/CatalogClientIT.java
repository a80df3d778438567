package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.p3.atlas.v1.App;
import io.p3.atlas.v1.AssetManifest;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.Stream;
import io.p3.atlas.v1.StreamKind;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CatalogClient against the real server: channels, streams, apps, manifests. */
class CatalogClientIT extends RealServerTestBase {
    @BeforeAll
    static void importGermanChannels() {
        ImportChannelsResponse r = atlas.catalog().importPlaylist(Fixtures.text(Fixtures.GERMAN), "catalog-it");
        assertEquals(30, r.getImportedCount());
    }

    @Test
    void channelsFilterFetchAndDelete() {
        List<Channel> news = atlas.catalog().channels("news", null, null, 100);
        assertEquals(6, news.size());
        assertTrue(news.stream().allMatch(c -> c.getGroup().equals("News") && c.getSource().equals("catalog-it")));
        assertEquals(30, atlas.catalog().listChannels(null, "German", null).stream().count());

        Channel one = news.get(0);
        assertEquals(one, atlas.catalog().channel(one.getId()));
        atlas.catalog().deleteChannel(one.getId());
        assertEquals(Status.Code.NOT_FOUND,
                assertThrows(AtlasClientException.class, () -> atlas.catalog().channel(one.getId())).code());
        assertEquals(5, atlas.catalog().listChannels("News", null, null).toList().size());
    }

    @Test
    void reimportUpdatesAndGarbageIsRejected() {
        ImportChannelsResponse again = atlas.catalog().importPlaylist(Fixtures.text(Fixtures.GERMAN), "catalog-it");
        // Keyed by stream URL: nothing is duplicated (a channel another test deleted comes back as new).
        assertEquals(30, again.getImportedCount() + again.getUpdatedCount());
        assertTrue(again.getUpdatedCount() >= 29, again.toString());
        AtlasClientException e = assertThrows(AtlasClientException.class,
                () -> atlas.catalog().importPlaylist("not a playlist", null));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("playlist_content", e.field().orElseThrow());
    }

    @Test
    void streamsCreateListAndDelete() {
        String channelId = atlas.catalog().channels(null, null, null, 1).get(0).getId();
        Stream created = atlas.catalog().createStream(Stream.newBuilder().setId("it-live").setTitle("Live")
                .setKind(StreamKind.STREAM_KIND_LIVE).setChannelId(channelId).addTags("News").build());
        assertEquals(List.of("news"), created.getTagsList());
        Stream stored = atlas.catalog().stream("it-live");
        // The create reply carries create_time in nanoseconds, the stored row in microseconds.
        assertEquals(created.toBuilder().clearCreateTime().build(), stored.toBuilder().clearCreateTime().build());
        assertEquals(List.of(stored), atlas.catalog().streams(StreamKind.STREAM_KIND_LIVE, "news"));
        assertEquals(List.of(stored), atlas.catalog().listStreams(StreamKind.STREAM_KIND_UNSPECIFIED, null).toList());
        // Not safe to repeat, so not retried: the second create is the caller's to see.
        assertEquals(Status.Code.ALREADY_EXISTS, assertThrows(AtlasClientException.class,
                () -> atlas.catalog().createStream(created)).code());
        atlas.catalog().deleteStream("it-live");
        assertTrue(atlas.catalog().streams(StreamKind.STREAM_KIND_UNSPECIFIED, null).isEmpty());
    }

    @Test
    void appsRegisterListAndDelete() {
        App quiz = atlas.catalog().registerApp(App.newBuilder().setId("com.example.quiz").setName("Quiz")
                .setVersion("1.0.0").setCategory("games").build());
        atlas.catalog().registerApp(App.newBuilder().setId("com.example.news").setName("News").setCategory("news")
                .build());
        App stored = atlas.catalog().app("com.example.quiz");
        assertEquals(quiz.toBuilder().clearCreateTime().build(), stored.toBuilder().clearCreateTime().build());
        assertEquals(List.of(stored), atlas.catalog().apps("games"));
        assertEquals(2, atlas.catalog().listApps(null).pageSize(1).stream().count());
        atlas.catalog().deleteApp("com.example.quiz");
        assertFalse(atlas.catalog().apps(null).contains(stored));
        assertEquals(1, atlas.catalog().apps(null).size());
    }

    @Test
    void manifestsByType() {
        AssetManifest media = atlas.catalog().manifest("media");
        assertEquals(AssetType.ASSET_TYPE_MEDIA, media.getType());
        assertFalse(media.getEtag().isEmpty());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(AtlasClientException.class,
                () -> atlas.catalog().manifest("movies")).code());
    }
}
