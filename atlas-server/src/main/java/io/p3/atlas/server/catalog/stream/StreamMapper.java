package io.p3.atlas.server.catalog.stream;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for streams; SQL in StreamMapper.xml beside it (resources). */
public interface StreamMapper {

    int exists(@Param("id") String id);

    int insert(@Param("s") Stream stream);

    int insertTag(@Param("id") String id, @Param("tag") String tag);

    /** Streams without their tags. */
    List<Stream> list(@Param("id") String id, @Param("kind") String kind, @Param("tag") String tag,
                      @Param("afterId") String afterId, @Param("limit") int limit);

    /** (stream_id, tag) rows of the given streams. */
    List<StreamTag> tags(@Param("ids") List<String> ids);

    int delete(@Param("id") String id);

    /** One tag of one stream. */
    record StreamTag(String streamId, String tag) {
    }
}
