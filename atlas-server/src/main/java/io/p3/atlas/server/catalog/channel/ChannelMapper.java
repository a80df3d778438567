package io.p3.atlas.server.catalog.channel;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for channels; SQL in ChannelMapper.xml beside it (resources). */
public interface ChannelMapper {

    /** The URL hashes among {@code hashes} that are stored. */
    List<String> existingHashes(@Param("hashes") List<String> hashes);

    Channel select(@Param("id") String id);

    List<Channel> list(@Param("f") ChannelFilter filter, @Param("afterName") String afterName,
                       @Param("afterId") String afterId, @Param("limit") int limit);

    int count(@Param("f") ChannelFilter filter);

    /** Deletes the channels with these ids (a non-empty list); returns how many existed. */
    int deleteByIds(@Param("ids") List<String> ids);

    /** The id and URL hash of every channel recorded with {@code source}. */
    List<SourceChannel> sourceChannels(@Param("source") String source);

    /** A channel of a source, as a replacing import compares it. */
    record SourceChannel(String id, String urlHash) {
    }

    ChannelStore.PlaylistValidators selectValidators(@Param("urlHash") String urlHash);

    int deleteValidators(@Param("urlHash") String urlHash);

    int insertValidators(@Param("urlHash") String urlHash, @Param("url") String url, @Param("etag") String etag,
                         @Param("lastModified") String lastModified, @Param("now") Instant now);
}
