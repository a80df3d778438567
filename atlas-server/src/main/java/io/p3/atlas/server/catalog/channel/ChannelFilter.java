package io.p3.atlas.server.catalog.channel;

import java.util.Locale;

/**
 * ListChannels filters, normalized: {@code group} and {@code language} lower-case (matched exactly),
 * {@code query} lower-case (matched as a substring of the name); empty means no filter.
 */
public record ChannelFilter(String group, String language, String query) {

    public static ChannelFilter of(String group, String language, String query) {
        return new ChannelFilter(lower(group), lower(language), lower(query));
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    /** {@link #query} as a LIKE pattern with its wildcards escaped (escape character backslash). */
    public String queryPattern() {
        if (query.isEmpty()) {
            return null;
        }
        return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** The filters as one string, to bind page tokens to them. */
    public String key() {
        return group + '\u001e' + language + '\u001e' + query;
    }
}
