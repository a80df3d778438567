package io.p3.atlas.server.content;

import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.UniqueViolation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.ibatis.session.SqlSession;

/**
 * Asset metadata and the record of blobs in SQL through {@link AssetMapper} and {@link BlobMapper}. Simple
 * calls are one auto-committed statement; the blob operations are one transaction each that first locks
 * the blob's row ({@code SELECT … FOR UPDATE}, creating the row if needed), on PostgreSQL and H2 alike.
 */
public final class MyBatisAssetStore implements AssetStore {
    private final Database db;

    public MyBatisAssetStore(Database db) {
        this.db = db.register(AssetMapper.class).register(BlobMapper.class);
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
    public boolean delete(String id, String sha256) {
        return db.readWrite(AssetMapper.class, m -> m.delete(id, sha256)) == 1;
    }

    @Override
    public String pinBlob(String sha256, long size, Instant createTime, Instant expireTime) {
        String pinId = UUID.randomUUID().toString();
        return db.inTransaction(session -> {
            lockOrCreate(session, sha256, size, createTime);
            session.getMapper(BlobMapper.class).pin(pinId, sha256, expireTime);
            return pinId;
        });
    }

    @Override
    public Recorded recordWithBlob(String sha256, long size, String pinId, Instant now, BooleanSupplier stored,
                                   Recording recording) {
        return db.inTransaction(session -> {
            BlobMapper blobs = session.getMapper(BlobMapper.class);
            lockOrCreate(session, sha256, size, now);
            if (blobs.unpin(pinId) == 0 && !stored.getAsBoolean()) {
                return new Recorded(Outcome.BYTES_LOST, null);
            }
            AssetMapper assets = session.getMapper(AssetMapper.class);
            if (recording instanceof NewAsset a) {
                // Loops only when the asset holding the id is deleted between the insert and the select.
                while (true) {
                    if (UniqueViolation.falseOnDuplicate(() -> assets.insertIfAbsent(a.asset()) == 1)) {
                        return new Recorded(Outcome.RECORDED, a.asset());
                    }
                    Asset current = assets.select(a.asset().id());
                    if (current != null) {
                        return new Recorded(Outcome.CONFLICT, current);
                    }
                }
            }
            Fetched f = (Fetched) recording;
            boolean done = assets.markFetched(f.id(), f.sha256(), f.size(), f.contentType()) == 1;
            return new Recorded(done ? Outcome.RECORDED : Outcome.CONFLICT, assets.select(f.id()));
        });
    }

    @Override
    public boolean releaseBlob(String sha256, String pinId, Instant now, Consumer<String> deleteBytes) {
        return db.inTransaction(session -> {
            BlobMapper blobs = session.getMapper(BlobMapper.class);
            if (blobs.lock(sha256) == null) {
                return false; // forgotten already: no asset refers to it and no write of it is under way
            }
            if (pinId != null) {
                blobs.unpin(pinId);
            }
            if (session.getMapper(AssetMapper.class).countBySha256(sha256) > 0 || blobs.livePins(sha256, now) > 0) {
                return false;
            }
            blobs.dropPins(sha256);
            blobs.forget(sha256);
            deleteBytes.accept(sha256); // still under the lock; if it fails, the rollback keeps the row for the sweep
            return true;
        });
    }

    @Override
    public List<String> unreferencedBlobs(Instant now, int limit) {
        db.readWrite(BlobMapper.class, m -> m.dropExpiredPins(now));
        return db.readOnly(BlobMapper.class, m -> m.unreferenced(now, limit));
    }

    @Override
    public boolean claimFetch(String id, String owner, Instant now, Instant expireTime) {
        return db.readWrite(AssetMapper.class, m -> m.claimFetch(id, owner, now, expireTime)) == 1;
    }

    @Override
    public int renewFetches(String owner, Instant expireTime) {
        return db.readWrite(AssetMapper.class, m -> m.renewFetches(owner, expireTime));
    }

    @Override
    public void dropFetch(String id, String owner) {
        db.readWrite(AssetMapper.class, m -> m.dropFetch(id, owner));
    }

    /**
     * Locks the blob's row for this transaction, inserting it first if missing. On PostgreSQL a concurrent
     * insert of the same row makes ours wait, then do nothing; on H2 it may fail as a duplicate: either way
     * the next round locks the row the other transaction committed.
     */
    private static void lockOrCreate(SqlSession session, String sha256, long size, Instant createTime) {
        BlobMapper blobs = session.getMapper(BlobMapper.class);
        while (blobs.lock(sha256) == null) {
            UniqueViolation.falseOnDuplicate(() -> blobs.insertIfAbsent(sha256, size, createTime) == 1);
        }
    }
}
