package io.p3.atlas.server.content;

import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.TestBytes;
import io.p3.atlas.server.testing.TestS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small helpers shared by the stream tests. */
final class ContentTesting {
    private ContentTesting() {
    }

    /** {@code n} reproducible pseudo-random bytes. */
    static byte[] random(int n, long seed) {
        return TestBytes.random(n, seed);
    }

    /** Lower-case hex SHA-256. */
    static String sha256(byte[] b) {
        return TestBytes.sha256(b);
    }

    /**
     * How many in-progress uploads the server's blob store holds: temp files (both stores spool uploads
     * to {@code ATLAS_DATA_DIR/blobs/tmp}) plus, on S3, unfinished multipart uploads.
     */
    static long tempFiles(AtlasServerExtension server) {
        try (Stream<Path> s = Files.list(server.dataDir().resolve("blobs").resolve("tmp"))) {
            return s.count() + (server.bucket() == null ? 0 : TestS3.get().openUploads(server.bucket()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
