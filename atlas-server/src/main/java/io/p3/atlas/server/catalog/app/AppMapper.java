package io.p3.atlas.server.catalog.app;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for apps; SQL in AppMapper.xml beside it (resources). */
public interface AppMapper {

    int exists(@Param("id") String id);

    int insert(@Param("a") App app);

    List<App> list(@Param("id") String id, @Param("category") String categoryLower, @Param("afterId") String afterId,
                   @Param("limit") int limit);

    int delete(@Param("id") String id);
}
