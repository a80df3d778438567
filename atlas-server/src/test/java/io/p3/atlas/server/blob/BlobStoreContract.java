package io.p3.atlas.server.blob;

import static io.p3.atlas.server.testing.TestBytes.random;
import static io.p3.atlas.server.testing.TestBytes.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, run against each implementation on its real back-end (files in a
 * temp dir; S3 on s3proxy): hash while writing, commit under the sha256, store identical bytes once, serve
 * exact ranges (edges included), test existence, delete, and leave nothing behind from an aborted write
 * or a failed commit.
 */
abstract class BlobStoreContract {
    /** sha256("hello world"). */
    static final String HELLO_SHA = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    /** Larger than the S3 test store's part size, so its commit is a multipart upload. */
    static final int LARGE = 11 * 1024 * 1024 + 7;

    /** The store under test (one per test). */
    abstract BlobStore store();

    /** Temp files, unfinished uploads and objects/files that are not committed blobs: must be 0 at rest. */
    abstract long leftovers() throws IOException;

    @AfterEach
    void closeStore() {
        store().close();
    }

    static BlobWriter.Finished write(BlobStore store, byte[] bytes) {
        try (BlobWriter w = store.newWriter()) {
            w.write(ByteBuffer.wrap(bytes));
            return w.finish();
        }
    }

    byte[] read(String sha, long offset, long length) throws IOException {
        try (InputStream in = store().openRange(sha, offset, length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void hashesWhileWritingThenCommitsAndReadsBack() throws IOException {
        BlobWriter.Finished f;
        try (BlobWriter w = store().newWriter()) {
            w.write(ByteBuffer.wrap("hello ".getBytes(StandardCharsets.US_ASCII)));
            w.write("world".getBytes(StandardCharsets.US_ASCII), 0, 5);
            assertEquals(1, leftovers(), "the write in progress is a temp file");
            f = w.finish();
        }
        assertEquals(HELLO_SHA, f.sha256());
        assertEquals(11, f.size());
        assertFalse(store().exists(HELLO_SHA), "not visible before commit");
        assertTrue(store().commit(f));
        assertTrue(store().exists(HELLO_SHA));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), read(HELLO_SHA, 0, 11));
        assertEquals(0, leftovers());
    }

    @Test
    void identicalBytesAreStoredOnceAndDeleted() throws IOException {
        byte[] hello = "hello world".getBytes(StandardCharsets.US_ASCII);
        assertTrue(store().commit(write(store(), hello)));
        assertFalse(store().commit(write(store(), hello)), "the second copy is dropped");
        assertEquals(0, leftovers());
        store().delete(HELLO_SHA);
        assertFalse(store().exists(HELLO_SHA));
        store().delete(HELLO_SHA); // deleting what is gone is a no-op
        assertThrows(MissingBlobException.class, () -> store().openRange(HELLO_SHA, 0, 11));
        assertTrue(store().commit(write(store(), hello)), "stored again after its deletion");
    }

    @Test
    void rangesAreExactAtEveryEdge() throws IOException {
        byte[] b = random(300_001, 1);
        String sha = sha256(b);
        store().commit(write(store(), b));
        long[][] ranges = {{0, 1}, {0, b.length}, {b.length - 1, 1}, {1, b.length - 1}, {65_536, 65_537},
                {123_457, 1000}, {b.length, 0}, {0, 0}};
        for (long[] r : ranges) {
            assertArrayEquals(Arrays.copyOfRange(b, (int) r[0], (int) (r[0] + r[1])), read(sha, r[0], r[1]),
                    () -> "range " + r[0] + "+" + r[1]);
        }
        try (InputStream in = store().openRange(sha, 10, 100)) {
            assertEquals(b[10] & 0xff, in.read());
            assertEquals(99, in.readAllBytes().length);
            assertEquals(-1, in.read(), "nothing past the range");
        }
    }

    @Test
    void aStreamClosedEarlyDoesNotDisturbLaterReads() throws IOException {
        byte[] b = random(LARGE, 2);
        String sha = sha256(b);
        store().commit(write(store(), b));
        for (int i = 0; i < 3; i++) {
            try (InputStream in = store().openRange(sha, 0, b.length)) {
                assertEquals(1000, in.readNBytes(1000).length);
            }
        }
        assertArrayEquals(Arrays.copyOfRange(b, LARGE - 5000, LARGE), read(sha, LARGE - 5000, 5000));
    }

    @Test
    void largeBlobsStreamInAndOut() throws IOException {
        byte[] b = random(LARGE, 3);
        BlobWriter.Finished f;
        try (BlobWriter w = store().newWriter()) {
            w.copyFrom(new ByteArrayInputStream(b), Long.MAX_VALUE, () -> {
                throw new IllegalStateException("no cap here");
            });
            f = w.finish();
        }
        assertEquals(sha256(b), f.sha256());
        assertTrue(store().commit(f));
        assertArrayEquals(b, read(f.sha256(), 0, b.length));
        assertEquals(0, leftovers());
    }

    @Test
    void missingBlobs() {
        assertFalse(store().exists(HELLO_SHA));
        assertThrows(MissingBlobException.class, () -> store().openRange(HELLO_SHA, 0, 5));
        assertThrows(MissingBlobException.class, () -> store().openRange(HELLO_SHA, 0, 0));
    }

    @Test
    void closingAWriterWithoutFinishLeavesNothing() throws IOException {
        try (BlobWriter w = store().newWriter()) {
            w.write(ByteBuffer.wrap(new byte[1000]));
        }
        assertEquals(0, leftovers());
        BlobWriter.Finished f = write(store(), new byte[] {1, 2, 3});
        store().discard(f);
        assertFalse(store().exists(f.sha256()));
        assertEquals(0, leftovers());
    }

    @Test
    void copyStopsAtTheCap() throws IOException {
        try (BlobWriter w = store().newWriter()) {
            assertThrows(IllegalStateException.class, () -> w.copyFrom(new ByteArrayInputStream(new byte[200_000]),
                    100_000, () -> {
                        throw new IllegalStateException("too large");
                    }));
            assertTrue(w.size() <= 100_000);
        }
        assertEquals(0, leftovers());
    }

    @Test
    void aFailedCommitLeavesNothing() throws IOException {
        for (byte[] b : new byte[][] {random(1000, 4), random(LARGE, 5)}) {
            BlobWriter.Finished f = write(store(), b);
            Files.delete(f.tempFile()); // the spooled bytes are lost before the commit
            assertThrows(RuntimeException.class, () -> store().commit(f));
            assertFalse(store().exists(f.sha256()));
            assertEquals(0, leftovers());
        }
    }

    @Test
    void onlySha256AddressesAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> store().exists("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store().openRange(HELLO_SHA.toUpperCase(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> store().delete(HELLO_SHA.substring(1)));
    }

    @Test
    void isHealthy() {
        assertTrue(store().isHealthy());
        assertFalse(store().describe().isEmpty());
    }
}
