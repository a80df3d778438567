package io.p3.atlas.server.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    /** sha256("hello world"). */
    static final String HELLO_SHA = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    @TempDir
    Path dir;

    @Test
    void hashesWhileWritingAndCommitsByContentAddress() throws IOException {
        BlobStore store = new BlobStore(dir);
        BlobWriter.Finished f;
        try (BlobWriter w = store.newWriter()) {
            w.write(ByteBuffer.wrap("hello ".getBytes(StandardCharsets.US_ASCII)));
            w.write("world".getBytes(StandardCharsets.US_ASCII), 0, 5);
            f = w.finish();
        }
        assertEquals(HELLO_SHA, f.sha256());
        assertEquals(11, f.size());
        assertTrue(store.commit(f));
        assertEquals(dir.resolve("b9").resolve(HELLO_SHA), store.path(HELLO_SHA));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(store.path(HELLO_SHA)));
        assertEquals(0, count(store.tempDir()));
    }

    @Test
    void identicalBytesAreStoredOnce() throws IOException {
        BlobStore store = new BlobStore(dir);
        assertTrue(store.commit(write(store, "hello world")));
        assertFalse(store.commit(write(store, "hello world")), "second copy is dropped");
        assertTrue(store.exists(HELLO_SHA));
        assertEquals(0, count(store.tempDir()));
        store.delete(HELLO_SHA);
        assertFalse(store.exists(HELLO_SHA));
    }

    @Test
    void closingWithoutFinishLeavesNothing() throws IOException {
        BlobStore store = new BlobStore(dir);
        try (BlobWriter w = store.newWriter()) {
            w.write(ByteBuffer.wrap(new byte[1000]));
            assertEquals(1, count(store.tempDir()));
        }
        assertEquals(0, count(store.tempDir()));
    }

    @Test
    void copyStopsAtTheCap() throws IOException {
        BlobStore store = new BlobStore(dir);
        try (BlobWriter w = store.newWriter()) {
            assertThrows(IllegalStateException.class, () -> w.copyFrom(new ByteArrayInputStream(new byte[200_000]),
                    100_000, () -> {
                        throw new IllegalStateException("too large");
                    }));
            assertTrue(w.size() <= 100_000);
        }
        assertEquals(0, count(store.tempDir()));
    }

    @Test
    void oldLeftoverTempFilesAreRemovedAtStart() throws IOException {
        BlobStore store = new BlobStore(dir);
        Path crashed = Files.write(store.tempDir().resolve("blob-crashed.part"), new byte[10]);
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inProgress = Files.write(store.tempDir().resolve("blob-other-instance.part"), new byte[10]);
        new BlobStore(dir);
        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(inProgress), "a fresh temp file may be another server's upload");
    }

    @Test
    void rejectsPathsThatAreNotSha256() {
        BlobStore store = new BlobStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.path("../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> store.path(HELLO_SHA.toUpperCase()));
    }

    static BlobWriter.Finished write(BlobStore store, String text) {
        try (BlobWriter w = store.newWriter()) {
            w.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return w.finish();
        }
    }

    static long count(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }
}
