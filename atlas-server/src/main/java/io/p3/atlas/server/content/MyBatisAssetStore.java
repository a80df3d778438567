package io.p3.atlas.server.content;

import io.p3.atlas.server.persistence.Database;
import java.util.List;
import java.util.Optional;

/** Asset metadata in SQL through {@link AssetMapper}; each call is one auto-committed statement. */
public final class MyBatisAssetStore implements AssetStore {
    private final Database db;

    public MyBatisAssetStore(Database db) {
        this.db = db.register(AssetMapper.class);
    }

    @Override
    public boolean insertIfAbsent(Asset asset) {
        return db.readWrite(AssetMapper.class, m -> m.insertIfAbsent(asset)) == 1;
    }

    @Override
    public Optional<Asset> find(String id) {
        return Optional.ofNullable(db.readOnly(AssetMapper.class, m -> m.select(id)));
    }

    @Override
    public List<Asset> list(AssetKind type, String afterId, int limit) {
        return db.readOnly(AssetMapper.class, m -> m.list(type, afterId, limit));
    }

    @Override
    public List<Asset> listAll(AssetKind type) {
        return db.readOnly(AssetMapper.class, m -> m.list(type, null, Integer.MAX_VALUE));
    }

    @Override
    public boolean delete(String id) {
        return db.readWrite(AssetMapper.class, m -> m.delete(id)) == 1;
    }

    @Override
    public long countBySha256(String sha256) {
        return db.readOnly(AssetMapper.class, m -> m.countBySha256(sha256));
    }

    @Override
    public boolean markFetched(String id, String sha256, long size, String contentType) {
        return db.readWrite(AssetMapper.class, m -> m.markFetched(id, sha256, size, contentType)) == 1;
    }
}
