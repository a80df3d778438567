package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * playlist_url imports and the scheduled refresh, from a real HTTP server on loopback (allowed here by
 * ATLAS_UPSTREAM_ALLOW_PRIVATE), against PostgreSQL.
 */
class CatalogUrlImportIT {
    static final PlaylistServer PLAYLISTS = new PlaylistServer();

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_UPSTREAM_ALLOW_PRIVATE", "true")
            .env("ATLAS_PLAYLIST_MAX_BYTES", "100000")
            .env("ATLAS_CHANNEL_SOURCES", PLAYLISTS.url("/de.m3u"))
            .env("ATLAS_CHANNEL_REFRESH", "PT1H");

    @AfterAll
    static void stopPlaylists() {
        PLAYLISTS.close();
    }

    CatalogServiceGrpc.CatalogServiceBlockingStub grpc() {
        return CatalogServiceGrpc.newBlockingStub(server.channel());
    }

    ImportChannelsResponse importUrl(String path) {
        return grpc().importChannels(ImportChannelsRequest.newBuilder().setPlaylistUrl(PLAYLISTS.url(path)).build());
    }

    @Test
    void importFromUrlThenConditionalReimport() {
        ImportChannelsResponse first = importUrl("/ca.m3u");
        assertEquals(136, first.getImportedCount());
        assertFalse(first.getNotModified());
        ImportChannelsResponse again = importUrl("/ca.m3u");
        assertTrue(again.getNotModified());
        assertEquals(0, again.getImportedCount() + again.getUpdatedCount());
        assertEquals(1, PLAYLISTS.full("/ca.m3u"), "the re-import was answered 304");
        ListChannelsResponse one = grpc().listChannels(ListChannelsRequest.newBuilder().setQuery("5AAB").build());
        assertEquals(PLAYLISTS.url("/ca.m3u"), one.getChannels(0).getSource());
    }

    @Test
    void sourcesAreImportedAtStartup() throws InterruptedException {
        // The start-up refresh runs in the background; wait for it (bounded), then check what it wrote.
        long deadline = System.nanoTime() + 60_000_000_000L;
        int german = 0;
        while (System.nanoTime() < deadline && german < 30) {
            german = grpc().listChannels(ListChannelsRequest.newBuilder().setLanguage("German").build()).getTotalSize();
            if (german < 30) {
                Thread.sleep(200);
            }
        }
        assertEquals(30, german);
        assertEquals(1, PLAYLISTS.full("/de.m3u"));
        String metrics = server.get("/internal/metrics").body();
        assertTrue(metrics.contains("atlas_catalog_refresh_total{result=\"ok\"} 1.0"), metrics);
    }

    @Test
    void charsetOfTheResponseIsHonoured() {
        assertEquals(1, importUrl("/latin1.m3u").getImportedCount());
        assertEquals("Caf\u00e9 TV", grpc().listChannels(ListChannelsRequest.newBuilder().setQuery("caf").build())
                .getChannels(0).getName());
    }

    @Test
    void failuresAreSpecificAndImportNothing() {
        StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> importUrl("/big.m3u"));
        assertEquals(Status.Code.FAILED_PRECONDITION, big.getStatus().getCode(), big.getStatus().toString());
        assertEquals(0, grpc().listChannels(ListChannelsRequest.newBuilder().setQuery("big").build()).getTotalSize());

        StatusRuntimeException html = assertThrows(StatusRuntimeException.class, () -> importUrl("/html"));
        assertEquals(Status.Code.INVALID_ARGUMENT, html.getStatus().getCode());
        assertTrue(html.getStatus().getDescription().contains("playlist_url"), html.getStatus().getDescription());

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> importUrl("/missing"));
        assertEquals(Status.Code.FAILED_PRECONDITION, missing.getStatus().getCode());

        StatusRuntimeException scheme = assertThrows(StatusRuntimeException.class, () -> grpc().importChannels(
                ImportChannelsRequest.newBuilder().setPlaylistUrl("file:///etc/passwd").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, scheme.getStatus().getCode());
        assertTrue(scheme.getStatus().getDescription().contains("playlist_url"));
    }

    @Test
    void importFromUrlOverHttpJson() throws Exception {
        HttpResponse<String> r = server.postJson("/v1/channels:import",
                "{\"playlistUrl\": \"" + PLAYLISTS.url("/ca.m3u") + "\", \"source\": \"canada\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"notModified\""), r.body());
    }
}
