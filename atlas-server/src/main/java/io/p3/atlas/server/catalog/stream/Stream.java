package io.p3.atlas.server.catalog.stream;

import java.time.Instant;
import java.util.List;

/**
 * A catalog stream; exactly one of {@code channelId} and {@code assetId} is set (the other is null).
 * Tags are lower-case, distinct and sorted.
 */
public record Stream(String id, String title, StreamKind kind, String channelId, String assetId, String thumbnailUrl,
                     List<String> tags, Instant createTime) {

    public Stream {
        tags = List.copyOf(tags);
    }

    /** The same stream with other tags. */
    Stream withTags(List<String> newTags) {
        return new Stream(id, title, kind, channelId, assetId, thumbnailUrl, newTags, createTime);
    }
}
