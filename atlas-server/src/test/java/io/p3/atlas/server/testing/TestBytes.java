package io.p3.atlas.server.testing;

import io.p3.atlas.server.blob.BlobWriter;
import java.util.HexFormat;
import java.util.Random;

/** Test content: reproducible random bytes and their content address. */
public final class TestBytes {
    private TestBytes() {
    }

    /** {@code n} reproducible pseudo-random bytes. */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] b) {
        return HexFormat.of().formatHex(BlobWriter.sha256Digest().digest(b));
    }
}
