package io.p3.atlas.server.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on files, plus the file layout and crash leftovers. */
class FileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;
    FileBlobStore store;

    @BeforeEach
    void open() {
        store = new FileBlobStore(dir);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    long leftovers() throws IOException {
        try (Stream<Path> s = Files.list(store.tempDir())) {
            return s.count();
        }
    }

    @Test
    void blobsLiveAtTheirContentAddress() throws IOException {
        assertTrue(store.commit(write(store, "hello world".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(dir.resolve("b9").resolve(HELLO_SHA), store.path(HELLO_SHA));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(store.path(HELLO_SHA)));
    }

    @Test
    void oldLeftoverTempFilesAreRemovedAtStart() throws IOException {
        Path crashed = Files.write(store.tempDir().resolve("blob-crashed.part"), new byte[10]);
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inProgress = Files.write(store.tempDir().resolve("blob-other-instance.part"), new byte[10]);
        new FileBlobStore(dir);
        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(inProgress), "a fresh temp file may be another server's upload");
    }
}
