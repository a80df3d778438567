package io.p3.atlas.server.blob;

import java.io.InputStream;

/**
 * Content-addressed blob storage: each blob is stored once under its lower-case hex SHA-256, whatever
 * asked for it. Bytes stream into a {@link BlobWriter} (a local temp file, hashed as they pass), and
 * {@link #commit} makes them visible under their address only once complete, so a blob either exists
 * whole or not at all. Reads are ranged and streamed. Two implementations: {@link FileBlobStore} (files
 * under {@code ATLAS_DATA_DIR/blobs}, the default) and {@link S3BlobStore} (an S3-compatible bucket).
 *
 * <p>Deciding WHEN a blob may be deleted (no asset refers to it, no write of it under way) is the caller's
 * job, decided in the database so that several server instances agree; {@link #delete} just removes it.
 */
public interface BlobStore extends AutoCloseable {

    /** A writer streaming into a new temp file; close it to discard what it wrote unless committed. */
    BlobWriter newWriter();

    /**
     * Stores a finished writer's bytes under their sha256 and drops the temp file. When the blob already
     * exists (identical bytes stored before), nothing is uploaded. Returns true if this call created it.
     * On failure nothing is left behind (no temp file, no partial object) and an unchecked exception is thrown.
     */
    boolean commit(BlobWriter.Finished finished);

    /** Drops a finished write that will not be committed. */
    default void discard(BlobWriter.Finished finished) {
        SpoolDir.deleteQuietly(finished.tempFile());
    }

    /** True when the blob with this sha256 is stored. */
    boolean exists(String sha256);

    /**
     * Opens {@code length} bytes of a blob from {@code offset} (both within its size), streamed: close the
     * stream when done, early or not. Throws {@link MissingBlobException} when the blob is not stored.
     */
    InputStream openRange(String sha256, long offset, long length);

    /** Removes a blob (no-op if absent). Callers know nothing refers to it any more. */
    void delete(String sha256);

    /** True when the store can be used now (readiness): the directory is writable, the bucket reachable. */
    boolean isHealthy();

    /** Where blobs go, for the start-up log line (no secrets). */
    String describe();

    @Override
    default void close() {
    }

    /** Checks that {@code sha256} is 64 lower-case hex digits (so it is safe in a path or an object key). */
    static String requireSha256(String sha256) {
        boolean ok = sha256 != null && sha256.length() == 64;
        for (int i = 0; ok && i < 64; i++) {
            char c = sha256.charAt(i);
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!ok) {
            throw new IllegalArgumentException("not a lower-case hex sha256: " + sha256);
        }
        return sha256;
    }
}
