package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * One upload in progress: bytes go to a temp file while hashed; {@link #commit()} stores them, anything
 * else ({@link #close()} without commit, too many bytes, a broken stream) leaves no trace.
 */
public final class AssetUpload implements AutoCloseable {
    private final AssetService service;
    private final BlobWriter writer;
    private final long maxBytes;

    AssetUpload(AssetService service, BlobWriter writer, long maxBytes) {
        this.service = service;
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    /** Appends bytes; RESOURCE_EXHAUSTED (and the upload discarded) past ATLAS_MAX_ASSET_BYTES. */
    public void write(ByteBuffer bytes) {
        if (writer.size() + bytes.remaining() > maxBytes) {
            throw tooLarge();
        }
        writer.write(bytes);
    }

    /** Appends everything {@code in} yields, with the same size cap. */
    public void copyFrom(InputStream in) throws IOException {
        writer.copyFrom(in, maxBytes, () -> {
            throw tooLarge();
        });
    }

    /** Stores the upload as {@code spec}; returns the asset (the existing one for an identical re-upload). */
    public Asset commit(AssetService.UploadSpec spec) {
        BlobWriter.Finished finished;
        try {
            finished = writer.finish();
        } catch (UncheckedIOException e) {
            writer.close();
            throw e;
        }
        return service.commitUpload(spec, finished);
    }

    /** Discards the bytes unless committed. */
    @Override
    public void close() {
        writer.close();
    }

    private AtlasException tooLarge() {
        close();
        return AtlasException.resourceExhausted("the asset is larger than ATLAS_MAX_ASSET_BYTES (" + maxBytes
                + " bytes); nothing was stored", null);
    }
}
