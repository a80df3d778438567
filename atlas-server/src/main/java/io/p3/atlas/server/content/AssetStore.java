package io.p3.atlas.server.content;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Where asset metadata lives, and the database's record of the blobs (the bytes are in the blob store).
 * Several server instances share it: per sha256, a row lock orders the commit of an asset that refers to
 * a blob against the blob's deletion ({@link BlobReferences} runs the protocol).
 */
public interface AssetStore {

    /** Inserts an asset without bytes (a pull-through registration) unless its id exists; true if inserted. */
    boolean insertIfAbsent(Asset asset);

    Optional<Asset> find(String id);

    /** Assets ordered by id after {@code afterId} (null: from the start), of {@code type} (null: any). */
    List<Asset> list(AssetKind type, String afterId, int limit);

    /** Every asset of a type, ordered by id. */
    List<Asset> listAll(AssetKind type);

    /**
     * Deletes the asset if it still holds the bytes {@code sha256} (null: not fetched yet); true if deleted.
     * The blob is then {@link #releaseBlob released} by the caller.
     */
    boolean delete(String id, String sha256);

    /** What to record about an asset once its bytes are committed to the blob store. */
    sealed interface Recording permits NewAsset, Fetched {
    }

    /** Insert an uploaded asset (its id must be free). */
    record NewAsset(Asset asset) implements Recording {
    }

    /** Record the bytes of a pull-through asset (unless recorded already or deleted); ends its fetch lease. */
    record Fetched(String id, String sha256, long size, String contentType) implements Recording {
    }

    /** How {@link #recordWithBlob} ended. */
    enum Outcome {
        /** Done: the asset refers to the blob. */
        RECORDED,
        /** Nothing recorded: the id is taken, or the pull-through asset is gone or fetched already. */
        CONFLICT,
        /** Nothing recorded: the pin had expired and the bytes were deleted meanwhile. */
        BYTES_LOST
    }

    /**
     * The outcome of {@link #recordWithBlob}, with the asset under that id as the transaction left it
     * (on CONFLICT: the one holding the id, null if there is none).
     */
    record Recorded(Outcome outcome, Asset current) {
    }

    /**
     * Pins the blob {@code sha256} for a write under way (creating its row), under the blob's lock: until the
     * pin is dropped or {@code expireTime} passes, {@link #releaseBlob} keeps the bytes. Returns the pin's id.
     */
    String pinBlob(String sha256, long size, Instant createTime, Instant expireTime);

    /**
     * Under the blob's lock: drops the pin {@code pinId} and records {@code recording}, in one transaction. If
     * the pin was gone (expired, then swept), {@code stored} is asked whether the bytes are still there
     * first; if not, nothing is recorded ({@link Outcome#BYTES_LOST}).
     */
    Recorded recordWithBlob(String sha256, long size, String pinId, Instant now, BooleanSupplier stored,
                            Recording recording);

    /**
     * Under the blob's lock: drops the pin {@code pinId} (null: none) and, when no asset refers to the blob and
     * no pin lives at {@code now}, forgets it and runs {@code deleteBytes} (before the commit: if it throws,
     * nothing changes). True if the blob was deleted.
     */
    boolean releaseBlob(String sha256, String pinId, Instant now, Consumer<String> deleteBytes);

    /** Up to {@code limit} blobs no asset refers to and no pin holds at {@code now}; drops expired pins. */
    List<String> unreferencedBlobs(Instant now, int limit);

    /**
     * Takes the lease on fetching the (not fetched) asset {@code id} for {@code owner} until {@code expireTime},
     * if nobody holds it or it expired by {@code now}; true if taken.
     */
    boolean claimFetch(String id, String owner, Instant now, Instant expireTime);

    /** Extends every fetch lease {@code owner} holds to {@code expireTime}; how many. */
    int renewFetches(String owner, Instant expireTime);

    /** Gives up {@code owner}'s lease on fetching {@code id} (after a failed fetch). */
    void dropFetch(String id, String owner);
}
