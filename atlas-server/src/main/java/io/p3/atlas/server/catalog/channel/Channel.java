package io.p3.atlas.server.catalog.channel;

import java.time.Instant;
import java.util.List;

/** A stored channel (see the Channel message in catalog.proto for each field). */
public record Channel(String id, String name, String logo, String url, String group, String language, String tvgId,
                      String httpReferrer, String userAgent, List<String> labels, String quality, String source,
                      Instant createTime, Instant updateTime) {

    public Channel {
        labels = List.copyOf(labels);
    }
}
