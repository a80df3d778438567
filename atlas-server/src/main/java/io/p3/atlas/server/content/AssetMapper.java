package io.p3.atlas.server.content;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for asset metadata; SQL in AssetMapper.xml beside it (resources). */
public interface AssetMapper {

    int insertIfAbsent(@Param("a") Asset asset);

    Asset select(@Param("id") String id);

    List<Asset> list(@Param("type") AssetKind type, @Param("afterId") String afterId, @Param("limit") int limit);

    int delete(@Param("id") String id, @Param("sha256") String sha256);

    long countBySha256(@Param("sha256") String sha256);

    int markFetched(@Param("id") String id, @Param("sha256") String sha256, @Param("size") long size,
                    @Param("contentType") String contentType);

    int claimFetch(@Param("id") String id, @Param("owner") String owner, @Param("now") Instant now,
                   @Param("expireTime") Instant expireTime);

    int renewFetches(@Param("owner") String owner, @Param("expireTime") Instant expireTime);

    int dropFetch(@Param("id") String id, @Param("owner") String owner);
}
