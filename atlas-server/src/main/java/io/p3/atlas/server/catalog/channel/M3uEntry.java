package io.p3.atlas.server.catalog.channel;

import java.util.Map;

/**
 * One playlist entry as written: the {@code #EXTINF} line's attributes (keys lower-case) and title,
 * the options that came with it, and its URL line.
 *
 * @param line       1-based line number of the {@code #EXTINF}
 * @param attributes the {@code #EXTINF} attributes (tvg-id, tvg-logo, group-title, …), keys lower-case
 * @param title      the text after the first comma outside quotes, trimmed
 * @param url        the URL line, trimmed
 * @param referrer   {@code #EXTVLCOPT:http-referrer=} (or the http-referrer attribute), or empty
 * @param userAgent  {@code #EXTVLCOPT:http-user-agent=} (or the http-user-agent attribute), or empty
 * @param extGroup   {@code #EXTGRP:} value, or empty
 */
public record M3uEntry(int line, Map<String, String> attributes, String title, String url, String referrer,
                       String userAgent, String extGroup) {

    public M3uEntry {
        attributes = Map.copyOf(attributes);
    }

    /** An attribute's value, or empty. */
    public String attribute(String name) {
        return attributes.getOrDefault(name, "");
    }
}
