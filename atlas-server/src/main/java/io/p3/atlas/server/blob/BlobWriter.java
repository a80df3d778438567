package io.p3.atlas.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams bytes into a temp file while computing their SHA-256 and size. {@link #finish()} flushes to
 * disk and hands the file to {@link BlobStore#commit}; {@link #close()} without a successful finish
 * deletes the temp file, so an aborted write leaves nothing behind. Not thread-safe (one writer, in order).
 */
public final class BlobWriter implements AutoCloseable {
    /** A completely written temp file and what it holds. */
    public record Finished(String sha256, long size, Path tempFile) {
    }

    private final Path tempFile;
    private final FileChannel channel;
    private final MessageDigest digest;
    private long size;
    private boolean finished;
    private boolean closed;

    BlobWriter(Path tempFile) throws IOException {
        this.tempFile = tempFile;
        this.channel = FileChannel.open(tempFile, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.digest = sha256Digest();
    }

    /** Appends {@code bytes}. */
    public void write(ByteBuffer bytes) {
        ensureOpen();
        digest.update(bytes.duplicate());
        try {
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tempFile, e);
        }
    }

    public void write(byte[] bytes, int offset, int length) {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * Copies {@code in} to the end; stops with {@code tooLarge} (nothing kept) once more than {@code maxBytes}
     * have been written in total.
     */
    public void copyFrom(InputStream in, long maxBytes, Runnable tooLarge) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) != -1; ) {
            if (size + n > maxBytes) {
                tooLarge.run();
            }
            write(buf, 0, n);
        }
    }

    /** The temp file being written (others may read what is written so far). */
    public Path tempFile() {
        return tempFile;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** Flushes and closes the file; the result goes to {@link BlobStore#commit}. */
    public Finished finish() {
        ensureOpen();
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + tempFile, e);
        }
        finished = true;
        return new Finished(HexFormat.of().formatHex(digest.digest()), size, tempFile);
    }

    /** Discards the temp file unless {@link #finish()} succeeded (then the store owns it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting it below is what matters
            }
            SpoolDir.deleteQuietly(tempFile);
        }
    }

    private void ensureOpen() {
        if (finished || closed) {
            throw new IllegalStateException("writer for " + tempFile + " is already finished or closed");
        }
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
