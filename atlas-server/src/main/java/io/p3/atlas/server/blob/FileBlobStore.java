package io.p3.atlas.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The default blob store: files at {@code root/ab/<sha256>}. Writers stream into a temp file under
 * {@code root/tmp} while hashing and the finished file is atomically renamed into place, so a blob path
 * either holds the complete bytes or does not exist.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;
    private final SpoolDir tmp;

    /**
     * Opens (creating if needed) the store under {@code root}; temp files left by a crash (older than an
     * hour, so uploads of another server sharing the directory are spared) are removed.
     */
    public FileBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = new SpoolDir(this.root.resolve("tmp"));
    }

    @Override
    public BlobWriter newWriter() {
        return tmp.newWriter();
    }

    @Override
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
            SpoolDir.deleteQuietly(finished.tempFile());
            throw new UncheckedIOException("cannot store blob " + finished.sha256(), e);
        }
    }

    /** Where the blob with this sha256 lives (it may not exist). */
    public Path path(String sha256) {
        BlobStore.requireSha256(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    @Override
    public InputStream openRange(String sha256, long offset, long length) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new MissingBlobException(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob " + sha256, e);
        }
        try {
            channel.position(offset);
            return new RangeInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing anyway
            }
            throw new UncheckedIOException("cannot read blob " + sha256, e);
        }
    }

    @Override
    public void delete(String sha256) {
        try {
            Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + sha256, e);
        }
    }

    @Override
    public boolean isHealthy() {
        return tmp.isWritable();
    }

    @Override
    public String describe() {
        return "files under " + root;
    }

    /** The directory holding in-progress writes (tests check it is left empty). */
    public Path tempDir() {
        return tmp.path();
    }
}
