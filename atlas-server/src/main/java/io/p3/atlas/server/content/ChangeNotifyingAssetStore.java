package io.p3.atlas.server.content;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

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
    public boolean delete(String id) {
        return changed(delegate.delete(id));
    }

    @Override
    public long countBySha256(String sha256) {
        return delegate.countBySha256(sha256);
    }

    @Override
    public boolean markFetched(String id, String sha256, long size, String contentType) {
        return changed(delegate.markFetched(id, sha256, size, contentType));
    }
}
