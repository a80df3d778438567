package io.p3.atlas.server.content;

import java.util.List;
import java.util.Optional;

/** Where asset metadata lives (the bytes are in the blob store). */
public interface AssetStore {

    /** Inserts {@code asset} unless its id exists; true if inserted. */
    boolean insertIfAbsent(Asset asset);

    Optional<Asset> find(String id);

    /** Assets ordered by id after {@code afterId} (null: from the start), of {@code type} (null: any). */
    List<Asset> list(AssetKind type, String afterId, int limit);

    /** Every asset of a type, ordered by id. */
    List<Asset> listAll(AssetKind type);

    /** Deletes the asset; true if it existed. */
    boolean delete(String id);

    /** How many assets hold these bytes. */
    long countBySha256(String sha256);

    /**
     * Records the fetched bytes of a pull-through asset, unless they are recorded already; true if
     * this call recorded them (false: gone or recorded by another fetch).
     */
    boolean markFetched(String id, String sha256, long size, String contentType);
}
