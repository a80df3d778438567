package io.p3.atlas.server.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.TestBytes;
import io.p3.atlas.server.testing.TestS3;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server wired to the S3 store (s3proxy): an upload becomes exactly one object at
 * {@code <prefix>blobs/<sha256>}, identical bytes under another id add none, deleting the last asset
 * removes it, and readiness follows the bucket.
 */
class S3BlobStorageIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.h2().blobStore(AtlasServerExtension.Blobs.S3)
            .env("ATLAS_S3_PREFIX", "atlas/");

    static HttpResponse<String> put(String path, byte[] body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> delete(String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).DELETE().build());
    }

    @Test
    void oneObjectPerContentAddressRemovedWithItsLastAsset() {
        byte[] bytes = "the same bytes twice".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sha = TestBytes.sha256(bytes);
        assertEquals(201, put("/content/first?type=media", bytes).statusCode());
        assertEquals(201, put("/content/second?type=media", bytes).statusCode());
        assertEquals(List.of("atlas/blobs/" + sha), TestS3.get().keys(server.bucket()));
        assertEquals(200, delete("/v1/assets/first").statusCode());
        assertEquals(List.of("atlas/blobs/" + sha), TestS3.get().keys(server.bucket()), "still referenced");
        assertEquals(200, delete("/v1/assets/second").statusCode());
        assertEquals(List.of(), TestS3.get().keys(server.bucket()));
    }

    @Test
    void readinessFollowsTheBucket() throws Exception {
        assertEquals(200, server.get("/internal/healthcheck").statusCode());
        String bucket = server.bucket();
        TestS3.get().keys(bucket).forEach(k -> TestS3.get().client().deleteObject(b -> b.bucket(bucket).key(k)));
        TestS3.get().client().deleteBucket(b -> b.bucket(bucket));
        try {
            awaitStatus(503); // re-checked every 10 s while healthy
        } finally {
            TestS3.get().client().createBucket(b -> b.bucket(bucket));
        }
        awaitStatus(200); // every 2 s while failing
    }

    static void awaitStatus(int status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.get("/internal/healthcheck").statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(server.get("/internal/healthcheck").statusCode() == status, "healthcheck never became " + status);
    }
}
