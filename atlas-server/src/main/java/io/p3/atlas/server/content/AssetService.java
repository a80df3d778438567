package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asset rules, transport-free: validation (errors name the field), all-or-nothing uploads into the
 * content-addressed blob store, immutability (an id never changes its bytes), listing, deletion, and
 * where a read finds the bytes (memory, disk, or a pull-through fetch).
 */
public final class AssetService {
    private final AssetStore store;
    private final BlobStore blobs;
    private final ContentSource content;
    private final PullThrough pullThrough;
    private final BlobReferences references;
    private final ContentConfig config;
    private final Clock clock;

    AssetService(AssetStore store, BlobStore blobs, ContentSource content, PullThrough pullThrough,
                 BlobReferences references, ContentConfig config, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.content = content;
        this.pullThrough = pullThrough;
        this.references = references;
        this.config = config;
        this.clock = clock;
    }

    /** What an upload declares before its bytes arrive. */
    public record UploadSpec(String id, AssetKind type, String contentType, String expectedSha256) {
    }

    /**
     * Validates an upload's metadata. Fails early (before any byte is sent) when the id is taken by
     * content already known to differ.
     */
    public UploadSpec uploadSpec(String id, AssetKind type, String contentType, String expectedSha256) {
        UploadSpec spec = new UploadSpec(AssetRules.idOrNew(id), AssetRules.type(type),
                AssetRules.contentType(contentType), AssetRules.expectedSha256(expectedSha256));
        store.find(spec.id()).ifPresent(existing -> {
            if (!existing.fetched() || existing.type() != spec.type()
                    || (spec.expectedSha256() != null && !spec.expectedSha256().equals(existing.sha256()))) {
                throw alreadyExists(spec.id());
            }
        });
        return spec;
    }

    /** Opens a temp file for an upload's bytes; {@link AssetUpload#commit} stores them under a spec. */
    public AssetUpload startUpload() {
        return new AssetUpload(this, blobs.newWriter(), config.maxAssetBytes());
    }

    /** Stores a completely received upload: blob once per sha256, then the metadata row. */
    Asset commitUpload(UploadSpec spec, BlobWriter.Finished finished) {
        if (spec.expectedSha256() != null && !spec.expectedSha256().equals(finished.sha256())) {
            blobs.discard(finished);
            throw AtlasException.invalidArgument("sha256", "the bytes received have sha256 " + finished.sha256()
                    + " but the client expected " + spec.expectedSha256() + "; nothing was stored");
        }
        Asset asset = new Asset(spec.id(), spec.type(), spec.contentType(), finished.size(), finished.sha256(),
                null, clock.instant());
        AssetStore.Recorded recorded = references.commit(finished, new AssetStore.NewAsset(asset));
        switch (recorded.outcome()) {
            case RECORDED:
                return asset;
            case BYTES_LOST:
                throw AtlasException.unavailable("the bytes of '" + spec.id() + "' were deleted while being"
                        + " stored (the write outlived its " + BlobReferences.PIN_LEASE + " pin); upload it again", null);
            default:
                Asset existing = recorded.current();
                if (asset.sha256().equals(existing.sha256()) && existing.type() == asset.type()) {
                    return existing; // the same bytes again: idempotent
                }
                throw alreadyExists(spec.id());
        }
    }

    /** Registers a pull-through asset; its bytes are fetched from {@code sourceUrl} on first read. */
    public Asset createPullThrough(String id, AssetKind type, String sourceUrl, String contentType) {
        String assetId = AssetRules.idOrNew(id);
        AssetKind assetType = AssetRules.type(type);
        String url = AssetRules.sourceUrl(sourceUrl).toString();
        // Empty until fetched when not given: the upstream Content-Type is used then.
        String ct = contentType == null || contentType.isEmpty() ? "" : AssetRules.contentType(contentType);
        Asset asset = new Asset(assetId, assetType, ct, null, null, url, clock.instant());
        if (store.insertIfAbsent(asset)) {
            return asset;
        }
        Asset existing = store.find(assetId).orElse(null);
        if (existing != null && url.equals(existing.sourceUrl()) && existing.type() == assetType
                && (ct.isEmpty() || ct.equals(existing.contentType()))) {
            return existing; // the same registration again: idempotent
        }
        throw alreadyExists(assetId);
    }

    public Asset get(String id) {
        String assetId = AssetRules.id(id);
        return store.find(assetId).orElseThrow(() -> notFound(assetId));
    }

    /** Assets ordered by id; {@code type} null lists every type. */
    public Page<Asset> list(AssetKind filter, int pageSize, String pageToken) {
        int size = PageRequest.pageSize(pageSize);
        String filters = "assets|" + (filter == null ? "" : filter.dbValue());
        List<String> cursor = PageToken.decode(pageToken, filters, 1);
        return Page.cut(store.list(filter, cursor == null ? null : cursor.get(0), size + 1), size, filters,
                last -> List.of(last.id()));
    }

    /**
     * Every stored asset of {@code type}, ordered by id, for asset manifests. Each entry has id, url
     * ({@code /content/{id}}) and content type. Uploaded assets and fetched pull-through assets also
     * have size, sha256 and etag; a pull-through asset not fetched yet has {@code size()} and
     * {@code sha256()} and {@code etag()} null (its bytes are unknown until the first read).
     */
    public List<Asset> listAllOfType(AssetKind type) {
        return store.listAll(AssetRules.type(type));
    }

    /**
     * Deletes an asset; its blob goes when no other asset holds the same bytes and no write of them is under
     * way (decided in the database, see {@link BlobReferences}).
     */
    public void delete(String id) {
        String assetId = AssetRules.id(id);
        while (true) {
            Asset asset = store.find(assetId).orElseThrow(() -> notFound(assetId));
            if (store.delete(assetId, asset.sha256())) {
                if (asset.fetched()) {
                    references.release(asset.sha256());
                }
                return;
            }
            // Gone meanwhile (then NOT_FOUND above), or its first fetch recorded bytes: look again.
        }
    }

    /**
     * Deletes the blobs that no asset refers to and no write holds (left by a crash or a failed deletion);
     * runs periodically ({@code ATLAS_BLOB_SWEEP_INTERVAL}). Returns how many were deleted.
     */
    public int sweepBlobs() {
        return references.sweep();
    }

    /**
     * The asset with its bytes stored here: at once when they are, else when the (shared) pull-through
     * fetch completes. Fails NOT_FOUND for an unknown id.
     */
    public CompletableFuture<Asset> fetched(String id) {
        Asset asset = get(id);
        return asset.fetched() ? CompletableFuture.completedFuture(asset) : pullThrough.download(asset).done();
    }

    /** How a ReadAsset gets its bytes: a slice of the stored asset, or following the download under way. */
    public sealed interface Read permits Slice, Follow {
    }

    /** A validated ReadAsset slice of a fetched asset. */
    public record Slice(Asset asset, long offset, long length) implements Read {
    }

    /**
     * A ReadAsset of a pull-through asset whose first fetch is under way: its bytes follow the download's
     * temp file ({@link FollowingChunkStreamer}). {@code asset} is the pre-fetch view (not fetched, no
     * size or sha256); offset and length are checked against the size only once it is known.
     */
    public record Follow(Asset asset, PullThrough.Download download, long offset, long length) implements Read {
    }

    /**
     * Validates a read of {@code length} bytes (0: to the end) from {@code offset}. A stored asset gives a
     * {@link Slice}: a length past the end is clamped, an offset past the end is OUT_OF_RANGE. A pull-through
     * asset not fetched yet starts (or joins) its fetch and, once the upstream answered, gives a
     * {@link Follow} while the download runs (a {@link Slice} if it is already over). Upstream failures
     * before the body starts are thrown (wrapped in a CompletionException).
     */
    public Read read(String id, long offset, long length) {
        AssetRules.id(id);
        if (offset < 0) {
            throw AtlasException.invalidArgument("offset", "offset must not be negative, got " + offset);
        }
        if (length < 0) {
            throw AtlasException.invalidArgument("length", "length must not be negative, got " + length);
        }
        Asset asset = get(id);
        if (!asset.fetched()) {
            PullThrough.Download download = pullThrough.download(asset);
            download.started().join();
            if (!download.done().isDone()) {
                return new Follow(asset, download, offset, length);
            }
            asset = download.done().join();
        }
        return slice(asset, offset, length);
    }

    /** The slice of a fetched asset; an offset past its end is OUT_OF_RANGE. */
    Slice slice(Asset asset, long offset, long length) {
        if (offset > asset.size()) {
            throw outOfRange(asset.id(), offset, asset.size());
        }
        long available = asset.size() - offset;
        return new Slice(asset, offset, length == 0 ? available : Math.min(length, available));
    }

    static AtlasException outOfRange(String id, long offset, long size) {
        return new AtlasException(ErrorCode.OUT_OF_RANGE, "offset", "offset " + offset
                + " is past the end of asset '" + id + "' (" + size + " bytes)", null, null);
    }

    /** The pull-through fetch of a not yet fetched asset (started, or joined if under way). */
    PullThrough.Download download(Asset asset) {
        return pullThrough.download(asset);
    }

    /** Where the bytes of a fetched asset are now (memory or disk), counting cache hits and misses. */
    public ContentSource.Content open(Asset asset) {
        Objects.requireNonNull(asset.sha256(), "asset not fetched");
        return content.open(asset);
    }

    static AtlasException notFound(String id) {
        return AtlasException.notFound("asset", "no asset with id '" + id + "'");
    }

    private static AtlasException alreadyExists(String id) {
        return AtlasException.alreadyExists("asset", "asset '" + id + "' already exists with other content or type;"
                + " assets are immutable: delete it first or use another id");
    }
}
