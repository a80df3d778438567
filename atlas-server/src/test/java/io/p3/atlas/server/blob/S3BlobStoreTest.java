package io.p3.atlas.server.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.testing.TestBytes;
import io.p3.atlas.server.testing.TestS3;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The blob-store contract on S3 (s3proxy, a real S3 API server, in this JVM), with 5 MiB parts so large
 * blobs go up as multipart uploads; plus the object layout, an upload broken after its first part, and the
 * start-up checks (missing bucket, refused credentials, unreachable endpoint).
 */
class S3BlobStoreTest extends BlobStoreContract {
    static final long PART = 5L * 1024 * 1024;
    static final AwsCredentialsProvider TEST_KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(TestS3.ACCESS_KEY, TestS3.SECRET_KEY));

    @TempDir
    Path spool;
    String bucket;
    S3BlobStore store;

    @BeforeEach
    void open() {
        bucket = TestS3.get().newBucket();
        store = S3BlobStore.open(config(bucket, TestS3.get().endpoint()), spool, TEST_KEYS, PART, PART);
    }

    static BlobStoreConfig config(String bucket, URI endpoint) {
        return new BlobStoreConfig(BlobStoreConfig.Kind.S3, bucket, Optional.of(endpoint), Optional.empty(), true,
                "t/");
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    long leftovers() throws IOException {
        long strays = TestS3.get().keys(bucket).stream().filter(k -> !k.matches("t/blobs/[0-9a-f]{64}")).count();
        try (Stream<Path> s = Files.list(spool)) {
            return s.count() + TestS3.get().openUploads(bucket) + strays;
        }
    }

    @Test
    void objectKeysArePrefixBlobsSha256() {
        store.commit(write(store, "hello world".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of("t/blobs/" + HELLO_SHA), TestS3.get().keys(bucket));
        assertEquals("t/blobs/" + HELLO_SHA, store.key(HELLO_SHA));
    }

    @Test
    void aMultipartUploadBrokenAfterItsFirstPartIsAborted() throws IOException {
        BlobWriter.Finished f = write(store, TestBytes.random(LARGE, 6));
        try (FileChannel c = FileChannel.open(f.tempFile(), StandardOpenOption.WRITE)) {
            c.truncate(PART + 1000); // part 1 uploads, part 2 finds the bytes gone
        }
        AtlasException e = assertThrows(AtlasException.class, () -> store.commit(f));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertFalse(store.exists(f.sha256()));
        assertEquals(0, leftovers(), "no object, no unfinished multipart upload, no temp file");
    }

    @Test
    void readinessFollowsTheBucket() {
        assertTrue(store.isHealthy());
        TestS3.get().client().deleteBucket(b -> b.bucket(bucket));
        assertFalse(store.isHealthy());
    }

    @Test
    void s3TroubleIsUnavailableNotAnInternalError() throws IOException {
        BlobStoreConfig down = config(bucket, URI.create("http://127.0.0.1:" + closedPort()));
        try (S3BlobStore unreachable = new S3BlobStore(S3Clients.build(down, TEST_KEYS), down, spool, PART, PART)) {
            for (Runnable call : List.<Runnable>of(() -> unreachable.exists(HELLO_SHA),
                    () -> unreachable.openRange(HELLO_SHA, 0, 5), () -> unreachable.delete(HELLO_SHA),
                    () -> unreachable.commit(write(unreachable, new byte[] {7})))) {
                assertEquals(ErrorCode.UNAVAILABLE, assertThrows(AtlasException.class, call::run).code());
            }
            assertFalse(unreachable.isHealthy());
        }
        TestS3.get().client().deleteBucket(b -> b.bucket(bucket));
        AtlasException noBucket = assertThrows(AtlasException.class, () -> store.openRange(HELLO_SHA, 0, 5));
        assertEquals(ErrorCode.UNAVAILABLE, noBucket.code(), "a vanished bucket is not a missing blob");
        try (Stream<Path> temp = Files.list(spool)) {
            assertEquals(0, temp.count(), "the failed commit left no temp file");
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aMissingBucketStopsStartUpWithOneLine() {
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> S3BlobStore.open(
                config("no-such-bucket", TestS3.get().endpoint()), spool, TEST_KEYS, PART, PART));
        assertTrue(e.getMessage().startsWith("the S3 bucket 'no-such-bucket' at " + TestS3.get().endpoint()
                + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("ATLAS_S3_BUCKET"), e.getMessage());
    }

    @Test
    void refusedCredentialsStopStartUpWithOneLine() {
        AwsCredentialsProvider wrong = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(TestS3.ACCESS_KEY, "not-the-secret"));
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> S3BlobStore.open(
                config(bucket, TestS3.get().endpoint()), spool, wrong, PART, PART));
        assertTrue(e.getMessage().contains("was denied (HTTP 403)"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), "the secret is never printed");
    }

    @Test
    void anUnreachableEndpointStopsStartUpWithOneLine() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        BlobStoreException e = assertThrows(BlobStoreException.class, () -> S3BlobStore.open(
                config(bucket, closed), spool, TEST_KEYS, PART, PART));
        assertTrue(e.getMessage().startsWith("cannot reach the S3 bucket"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
