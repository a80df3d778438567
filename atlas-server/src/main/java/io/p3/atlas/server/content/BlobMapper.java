package io.p3.atlas.server.content;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for the database's record of blobs and their pins; SQL in BlobMapper.xml beside it. */
public interface BlobMapper {

    /** Locks the blob's row until the transaction ends; null when there is none. */
    String lock(@Param("sha256") String sha256);

    int insertIfAbsent(@Param("sha256") String sha256, @Param("size") long size,
                       @Param("createTime") Instant createTime);

    int pin(@Param("id") String id, @Param("sha256") String sha256, @Param("expireTime") Instant expireTime);

    int unpin(@Param("id") String id);

    long livePins(@Param("sha256") String sha256, @Param("now") Instant now);

    int dropPins(@Param("sha256") String sha256);

    int forget(@Param("sha256") String sha256);

    List<String> unreferenced(@Param("now") Instant now, @Param("limit") int limit);

    int dropExpiredPins(@Param("now") Instant now);
}
