package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.AssetManifest;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.DeleteAssetRequest;
import io.p3.atlas.v1.GetAssetManifestRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CatalogService.GetAssetManifest lists what StreamService stores, and its etag follows the set at once. */
class AssetManifestIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres();

    private AssetManifest manifest(String type) {
        return CatalogServiceGrpc.newBlockingStub(server.channel())
                .getAssetManifest(GetAssetManifestRequest.newBuilder().setType(type).build()).getManifest();
    }

    private void put(String id, String type, String body) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUri() + "/content/" + id + "?type=" + type))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.statusCode() + " " + r.body());
    }

    @Test
    void manifestFollowsStoredAssets() {
        AssetManifest empty = manifest("sdk");
        assertEquals(0, empty.getAssetsCount());

        put("sdk-core", "sdk", "console.log('core');");
        put("game-1", "game", "not an sdk");
        AssetManifest one = manifest("sdk");
        assertEquals(1, one.getAssetsCount());
        assertEquals("sdk-core", one.getAssets(0).getId());
        assertEquals("/content/sdk-core", one.getAssets(0).getUrl());
        assertEquals(20, one.getTotalSize());
        assertEquals(64, one.getAssets(0).getSha256().length());
        assertNotEquals(empty.getEtag(), one.getEtag());
        assertEquals(one.getEtag(), manifest("sdk").getEtag(), "same set, same etag");

        put("sdk-extra", "sdk", "console.log('extra');");
        AssetManifest two = manifest("sdk");
        assertEquals(2, two.getAssetsCount());
        assertNotEquals(one.getEtag(), two.getEtag());

        StreamServiceGrpc.newBlockingStub(server.channel())
                .deleteAsset(DeleteAssetRequest.newBuilder().setId("sdk-extra").build());
        assertEquals(one.getEtag(), manifest("sdk").getEtag(), "back to the first set, back to its etag");

        HttpResponse<String> http = server.get("/v1/assetManifests/sdk");
        assertEquals(200, http.statusCode(), http.body());
        assertTrue(http.body().contains("\"sdk-core\""), http.body());
    }
}
