package io.p3.atlas.server.content;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * An {@link AssetStore} that tells listeners after each write that changed the set of assets or what
 * is known of one (a pull-through asset's first fetch), e.g. so asset manifests drop cached copies.
 */
final class ChangeNotifyingAssetStore implements AssetStore {
    private final AssetStore delegate;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ChangeNotifyingAssetStore(AssetStore delegate) {
        this.delegate = delegate;
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private boolean changed(boolean didChange) {
        if (didChange) {
            listeners.forEach(Runnable::run);
        }
        return didChange;
    }

    @Override
    public boolean insertIfAbsent(Asset asset) {
        return changed(delegate.insertIfAbsent(asset));
    }

    @Override
    public Optional<Asset> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<Asset> list(AssetKind type, String afterId, int limit) {
        return delegate.list(type, afterId, limit);
    }

    @Override
    public List<Asset> listAll(AssetKind type) {
        return delegate.listAll(type);
    }

    @Override
    public boolean delete(String id, String sha256) {
        return changed(delegate.delete(id, sha256));
    }

    @Override
    public String pinBlob(String sha256, long size, Instant createTime, Instant expireTime) {
        return delegate.pinBlob(sha256, size, createTime, expireTime);
    }

    @Override
    public Recorded recordWithBlob(String sha256, long size, String pinId, Instant now, BooleanSupplier stored,
                                   Recording recording) {
        Recorded r = delegate.recordWithBlob(sha256, size, pinId, now, stored, recording);
        changed(r.outcome() == Outcome.RECORDED);
        return r;
    }

    @Override
    public boolean releaseBlob(String sha256, String pinId, Instant now, Consumer<String> deleteBytes) {
        return delegate.releaseBlob(sha256, pinId, now, deleteBytes);
    }

    @Override
    public List<String> unreferencedBlobs(Instant now, int limit) {
        return delegate.unreferencedBlobs(now, limit);
    }

    @Override
    public boolean claimFetch(String id, String owner, Instant now, Instant expireTime) {
        return delegate.claimFetch(id, owner, now, expireTime);
    }

    @Override
    public int renewFetches(String owner, Instant expireTime) {
        return delegate.renewFetches(owner, expireTime);
    }

    @Override
    public void dropFetch(String id, String owner) {
        delegate.dropFetch(id, owner);
    }
}
