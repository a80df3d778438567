package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores blobs and deletes them, decided in the database, so that server instances sharing one database
 * and one blob store never delete bytes that an asset refers to or that a write is committing. Per
 * sha256, the {@code blobs} row lock orders the steps of every instance:
 * <ol>
 * <li>pin the sha256 (a {@code blob_pins} row, taken under the lock): deletion keeps pinned bytes;</li>
 * <li>commit the bytes to the blob store (a rename or an upload; nothing if stored already), outside any
 * transaction, so no database connection waits on a long upload;</li>
 * <li>under the lock, record the asset (insert it, or mark a pull-through asset fetched) and drop the pin,
 * in one transaction.</li>
 * </ol>
 * Release (after an asset row is deleted, or a record failed): under the same lock, when no asset refers to
 * the blob and no pin lives, its row is forgotten and its bytes deleted before the commit. A periodic
 * {@link #sweep} collects what a crash or a failed deletion left unreferenced.
 */
final class BlobReferences {
    /** How long a pin keeps bytes for a write being committed; a crashed server's pins expire after it. */
    static final Duration PIN_LEASE = Duration.ofHours(1);
    private static final int SWEEP_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(BlobReferences.class);

    private final AssetStore store;
    private final BlobStore blobs;
    private final Consumer<String> onDeleted;
    private final Clock clock;

    /** {@code onDeleted} hears each sha256 whose bytes are deleted (this instance's memory tier forgets them). */
    BlobReferences(AssetStore store, BlobStore blobs, Consumer<String> onDeleted, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.onDeleted = onDeleted;
        this.clock = clock;
    }

    /**
     * Commits a finished write to the blob store and records {@code recording} referring to it. When nothing
     * was recorded (conflict, bytes lost) or a step failed, the blob is released again.
     */
    AssetStore.Recorded commit(BlobWriter.Finished finished, AssetStore.Recording recording) {
        String sha256 = finished.sha256();
        Instant now = clock.instant();
        String pin;
        try {
            pin = store.pinBlob(sha256, finished.size(), now, now.plus(PIN_LEASE));
        } catch (RuntimeException e) {
            blobs.discard(finished);
            throw e;
        }
        AssetStore.Recorded recorded = null;
        try {
            blobs.commit(finished);
            recorded = store.recordWithBlob(sha256, finished.size(), pin, clock.instant(),
                    () -> blobs.exists(sha256), recording);
            return recorded;
        } finally {
            if (recorded == null || recorded.outcome() != AssetStore.Outcome.RECORDED) {
                release(sha256, pin);
            }
        }
    }

    /** After an asset referring to {@code sha256} was deleted: deletes the bytes if nothing else holds them. */
    boolean release(String sha256) {
        return release(sha256, null);
    }

    private boolean release(String sha256, String pin) {
        try {
            return store.releaseBlob(sha256, pin, clock.instant(), sha -> {
                blobs.delete(sha);
                onDeleted.accept(sha);
            });
        } catch (RuntimeException e) {
            log.warn("Cannot delete blob {} now; the sweep will try again", sha256, e);
            return false;
        }
    }

    /** Deletes the blobs no asset refers to and no live pin holds; returns how many. */
    int sweep() {
        int deleted = 0;
        List<String> batch;
        int progress;
        do {
            batch = store.unreferencedBlobs(clock.instant(), SWEEP_BATCH);
            progress = 0;
            for (String sha256 : batch) {
                progress += release(sha256) ? 1 : 0;
            }
            deleted += progress;
        } while (batch.size() == SWEEP_BATCH && progress > 0);
        if (deleted > 0) {
            log.info("Blob sweep deleted {} unreferenced blob(s)", deleted);
        }
        return deleted;
    }
}
