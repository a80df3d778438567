package io.p3.atlas.server.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A content-addressed file store: each blob lives once, at {@code root/ab/<sha256>}, whatever asked for
 * it. Writers stream into a temp file under {@code root/tmp} while hashing and the finished file is
 * atomically renamed into place, so a blob path either holds the complete bytes or does not exist.
 * Work on one sha256 that must not interleave with a delete (commit + record, delete + forget) runs
 * under {@link #locked}.
 */
public final class BlobStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int LOCK_STRIPES = 64;

    private final Path root;
    private final Path tmp;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    /** Temp files older than this at start-up are leftovers of a crash (not another instance's upload). */
    static final Duration LEFTOVER_AGE = Duration.ofHours(1);

    /**
     * Opens (creating if needed) the store under {@code root}; temp files left by a crash (older than an
     * hour, so uploads of another server sharing the directory are spared) are removed.
     */
    public BlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        try {
            Files.createDirectories(tmp);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
                Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
                for (Path p : leftovers) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the blob store at " + this.root, e);
        }
    }

    /** A writer streaming into a new temp file; close it to discard what it wrote unless committed. */
    public BlobWriter newWriter() {
        try {
            return new BlobWriter(Files.createTempFile(tmp, "blob-", ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file in " + tmp, e);
        }
    }

    /**
     * Moves a finished writer's file into place. When the blob already exists (identical bytes stored
     * before), the temp file is dropped instead. Returns true if this call created the blob.
     */
    public boolean commit(BlobWriter.Finished finished) {
        Path target = path(finished.sha256());
        try {
            if (Files.exists(target)) {
                Files.deleteIfExists(finished.tempFile());
                return false;
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(finished.tempFile(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob directory " + root + " does not support atomic renames", e);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(finished.tempFile());
                return false;
            }
            return true;
        } catch (IOException e) {
            deleteQuietly(finished.tempFile());
            throw new UncheckedIOException("cannot store blob " + finished.sha256(), e);
        }
    }

    /** Drops a finished write that will not be committed. */
    public void discard(BlobWriter.Finished finished) {
        deleteQuietly(finished.tempFile());
    }

    /** Where the blob with this sha256 lives (it may not exist). */
    public Path path(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex sha256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Removes a blob (no-op if absent). Callers hold {@link #locked} and know nothing refers to it. */
    public void delete(String sha256) {
        try {
            Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + sha256, e);
        }
    }

    /** Runs {@code work} while holding this sha256's lock (in this process). */
    public <T> T locked(String sha256, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(sha256.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The directory holding in-progress writes (tests check it is left empty). */
    public Path tempDir() {
        return tmp;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the next start removes leftovers in tmp
        }
    }
}
