package io.p3.atlas.examples;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.v1.Asset;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.Relay;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Content delivery: uploads an asset over gRPC streaming, reads part of it back, then registers two
 * relays and asks which one should serve a stream. Arguments: server (default localhost:8080).
 */
public final class ContentExample {
    private ContentExample() {
    }

    public static void main(String[] args) {
        String target = args.length > 0 ? args[0] : "localhost:8080";
        byte[] bytes = "Hello from Atlas Transport! ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            Asset asset = atlas.assets().upload("example-hello", AssetType.ASSET_TYPE_MEDIA, "text/plain", null,
                    new ByteArrayInputStream(bytes));
            System.out.printf("uploaded %s: %d bytes, sha256 %s, served at %s%n", asset.getId(), asset.getSize(),
                    asset.getSha256(), asset.getUrl());

            ByteArrayOutputStream part = new ByteArrayOutputStream();
            atlas.assets().read(asset.getId(), 6, 15, part);
            System.out.println("bytes 6-20: " + part.toString(StandardCharsets.UTF_8));

            String wallet = "0x52908400098527886E0F7030069857D2E4169EE7";
            for (String region : new String[] {"eu-west", "us-east"}) {
                Relay r = atlas.relays().register(Relay.newBuilder().setId("example-relay-" + region)
                        .setWalletAddress(wallet).setEndpointUrl("https://relay." + region + ".example/live")
                        .setRegion(region).setCapacityMbps(500).build());
                atlas.relays().heartbeat(r.getId(), 2, 0.1);
            }
            Relay chosen = atlas.relays().select("match-42", "us-east");
            System.out.println("selected relay: " + chosen.getId() + " (" + chosen.getRegion() + ")");
        }
    }
}
