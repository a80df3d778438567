package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.testing.AtlasServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/** Small helpers shared by the stream tests. */
final class ContentTesting {
    private ContentTesting() {
    }

    /** {@code n} reproducible pseudo-random bytes. */
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Lower-case hex SHA-256. */
    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(BlobWriter.sha256Digest().digest(b));
    }

    /** How many in-progress uploads the server's blob store holds. */
    static long tempFiles(AtlasServerExtension server) {
        try (Stream<Path> s = Files.list(server.dataDir().resolve("blobs").resolve("tmp"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
