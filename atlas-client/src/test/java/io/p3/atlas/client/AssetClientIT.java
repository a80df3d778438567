package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.p3.atlas.v1.Asset;
import io.p3.atlas.v1.AssetType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** AssetClient against the real server: streamed upload and read, metadata, listing, delete. */
class AssetClientIT extends RealServerTestBase {
    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void uploadThenReadWholeAndRanged() throws Exception {
        byte[] bytes = "0123456789abcdef".repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 320 000 bytes
        Asset asset = atlas.assets().upload("it-blob", AssetType.ASSET_TYPE_BUNDLE, "application/octet-stream",
                sha256(bytes), new ByteArrayInputStream(bytes));
        assertEquals(bytes.length, asset.getSize());
        assertEquals(sha256(bytes), asset.getSha256());
        assertEquals("/content/it-blob", asset.getUrl());
        // The upload's reply carries create_time in nanoseconds, the stored row in microseconds.
        assertEquals(asset.toBuilder().clearCreateTime().build(),
                atlas.assets().get("it-blob").toBuilder().clearCreateTime().build());

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        atlas.assets().read("it-blob", 0, 0, whole);
        assertArrayEquals(bytes, whole.toByteArray());
        ByteArrayOutputStream slice = new ByteArrayOutputStream();
        atlas.assets().read("it-blob", 70_004, 6, slice); // 70 004 = 16 * 4375 + 4
        assertEquals("456789", slice.toString(StandardCharsets.US_ASCII));

        assertTrue(atlas.catalog().manifest("bundle").getAssetsList().stream()
                .anyMatch(m -> m.getId().equals("it-blob") && m.getSha256().equals(asset.getSha256())));
    }

    @Test
    void aWrongExpectedHashStoresNothing() {
        AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.assets().upload("it-wrong",
                AssetType.ASSET_TYPE_MEDIA, null, "0".repeat(64), new ByteArrayInputStream(new byte[] {1})));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("sha256", e.field().orElseThrow());
        assertEquals(Status.Code.NOT_FOUND,
                assertThrows(AtlasClientException.class, () -> atlas.assets().get("it-wrong")).code());
    }

    @Test
    void listByTypeAndDelete() {
        for (String id : List.of("it-game-1", "it-game-2", "it-game-3")) {
            atlas.assets().upload(id, AssetType.ASSET_TYPE_GAME, null, null,
                    new ByteArrayInputStream(id.getBytes(StandardCharsets.US_ASCII)));
        }
        Asset pull = atlas.assets().createFromUrl("it-game-pull", AssetType.ASSET_TYPE_GAME,
                "https://cdn.example/game.zip");
        assertFalse(pull.getFetched());
        assertEquals(List.of("it-game-1", "it-game-2", "it-game-3", "it-game-pull"),
                atlas.assets().listAssets(AssetType.ASSET_TYPE_GAME).pageSize(3).stream().map(Asset::getId)
                        .collect(Collectors.toList()));
        atlas.assets().delete("it-game-2");
        assertEquals(3, atlas.assets().list(AssetType.ASSET_TYPE_GAME).size());
        assertEquals(Status.Code.NOT_FOUND,
                assertThrows(AtlasClientException.class, () -> atlas.assets().delete("it-game-2")).code());
    }
}
