package io.p3.atlas.server.stream;

import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.v1.AssetType;
import java.util.List;
import java.util.Optional;

/** Asset metadata in SQL through {@link AssetMapper}; each call is one auto-committed statement. */
public final class MyBatisAssetStore implements AssetStore {
    private final Database db;

    public MyBatisAssetStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insertIfAbsent(Asset asset) {
        return db.read(AssetMapper.class, m -> m.insertIfAbsent(asset)) == 1;
    }

    @Override
    public Optional<Asset> find(String id) {
        return Optional.ofNullable(db.read(AssetMapper.class, m -> m.select(id)));
    }

    @Override
    public List<Asset> list(AssetType type, String afterId, int limit) {
        return db.read(AssetMapper.class, m -> m.list(type, afterId, limit));
    }

    @Override
    public List<Asset> listAll(AssetType type) {
        return db.read(AssetMapper.class, m -> m.list(type, null, Integer.MAX_VALUE));
    }

    @Override
    public boolean delete(String id) {
        return db.read(AssetMapper.class, m -> m.delete(id)) == 1;
    }

    @Override
    public long countBySha256(String sha256) {
        return db.read(AssetMapper.class, m -> m.countBySha256(sha256));
    }

    @Override
    public boolean markFetched(String id, String sha256, long size, String contentType) {
        return db.read(AssetMapper.class, m -> m.markFetched(id, sha256, size, contentType)) == 1;
    }
}
