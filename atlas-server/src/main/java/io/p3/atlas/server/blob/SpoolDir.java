package io.p3.atlas.server.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The local directory holding blobs being written ({@link BlobWriter} temp files), whatever store they
 * are committed to. Temp files left by a crash (older than {@link #LEFTOVER_AGE}, so uploads of another
 * server sharing the directory are spared) are removed when it is opened.
 */
final class SpoolDir {
    /** Temp files older than this at start-up are leftovers of a crash (not another instance's upload). */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    private final Path dir;

    SpoolDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.dir)) {
                Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
                for (Path p : leftovers) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the blob temp directory " + this.dir, e);
        }
    }

    /** A writer streaming into a new temp file here. */
    BlobWriter newWriter() {
        try {
            return new BlobWriter(Files.createTempFile(dir, "blob-", ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file in " + dir, e);
        }
    }

    Path path() {
        return dir;
    }

    /** True when temp files can be created here. */
    boolean isWritable() {
        return Files.isDirectory(dir) && Files.isWritable(dir);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the next start removes leftovers
        }
    }
}
