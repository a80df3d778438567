package io.p3.atlas.server.catalog.channel;

import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming M3U (IPTV playlist) parser: reads line by line and hands each complete entry to a
 * {@link Listener} as soon as its URL line is read, so a playlist of any length needs constant memory.
 *
 * <p>Understands the {@code #EXTM3U} header and its attributes, {@code #EXTINF:<duration> k="v" …,title}
 * (quoted values may hold commas and spaces; the title starts after the first comma outside quotes),
 * {@code #EXTVLCOPT:http-referrer=} / {@code http-user-agent=}, {@code #EXTGRP:}, blank lines, comments,
 * CRLF and a UTF-8 byte order mark. An entry without a URL, a URL without an {@code #EXTINF}, and
 * over-long lines are reported to {@link Listener#error} and skipped. Input that is not an M3U
 * playlist (no {@code #EXTM3U}/{@code #EXTINF} first, or an HLS media playlist) is a
 * {@link NotAPlaylistException}.
 */
public final class M3uParser {
    /** Longer lines are cut and the entry they belong to is skipped. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Receives entries and problems in playlist order. */
    public interface Listener {
        void entry(M3uEntry entry);

        void error(int line, String reason);
    }

    /** The input is not an M3U channel playlist at all. */
    public static final class NotAPlaylistException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAPlaylistException(String message) {
            super(message, null, false, false);
        }
    }

    private M3uParser() {
    }

    /** Parses {@code in} to its end; returns the {@code #EXTM3U} header's attributes (keys lower-case). */
    public static Map<String, String> parse(Reader in, Listener listener) throws IOException {
        LineReader lines = new LineReader(in, MAX_LINE_LENGTH);
        Map<String, String> header = Map.of();
        boolean started = false;
        Pending pending = null;
        for (String raw; (raw = lines.next()) != null; ) {
            int no = lines.lineNumber();
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!started) {
                header = start(line);
                started = true;
                if (header != null) {
                    continue;
                }
                header = Map.of();
            }
            if (lines.truncated()) {
                listener.error(no, "line longer than " + MAX_LINE_LENGTH + " characters");
                pending = abandon(pending, null);
                continue;
            }
            if (line.startsWith("#")) {
                pending = directive(line, no, pending, listener);
            } else if (pending == null || pending.extinfLine == 0) {
                listener.error(no, "URL without a preceding #EXTINF");
                pending = null;
            } else {
                listener.entry(pending.toEntry(line));
                pending = null;
            }
        }
        if (!started) {
            throw new NotAPlaylistException("the playlist is empty");
        }
        abandon(pending, listener);
        return header;
    }

    /** The header attributes if {@code first} is {@code #EXTM3U}; null if it is an entry; else not a playlist. */
    private static Map<String, String> start(String first) {
        if (startsWithIgnoreCase(first, "#EXTM3U")) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attributes(first, "#EXTM3U".length(), attrs);
            return Map.copyOf(attrs);
        }
        if (startsWithIgnoreCase(first, "#EXTINF:")) {
            return null;
        }
        throw new NotAPlaylistException("not an M3U playlist: it must start with #EXTM3U");
    }

    private static Pending directive(String line, int no, Pending pending, Listener listener) {
        if (startsWithIgnoreCase(line, "#EXTINF:")) {
            abandon(pending, listener);
            Pending next = pending != null && pending.extinfLine == 0 ? pending : new Pending();
            next.extinf(line, no);
            return next;
        }
        if (startsWithIgnoreCase(line, "#EXT-X-")) {
            if (startsWithIgnoreCase(line, "#EXT-X-TARGETDURATION") || startsWithIgnoreCase(line, "#EXT-X-STREAM-INF")
                    || startsWithIgnoreCase(line, "#EXT-X-MEDIA-SEQUENCE")) {
                throw new NotAPlaylistException("this is an HLS playlist (a single stream), not a channel list");
            }
            return pending;
        }
        Pending p = pending == null ? new Pending() : pending;
        if (startsWithIgnoreCase(line, "#EXTVLCOPT:")) {
            String opt = line.substring("#EXTVLCOPT:".length()).strip();
            int eq = opt.indexOf('=');
            if (eq > 0) {
                String key = opt.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = opt.substring(eq + 1).strip();
                if (key.equals("http-referrer") || key.equals("http-referer")) {
                    p.referrer = value;
                } else if (key.equals("http-user-agent")) {
                    p.userAgent = value;
                }
            }
            return p;
        }
        if (startsWithIgnoreCase(line, "#EXTGRP:")) {
            p.extGroup = line.substring("#EXTGRP:".length()).strip();
            return p;
        }
        return pending; // comments and other directives (#KODIPROP, #EXT-X-…) carry nothing we use
    }

    /** Reports an entry that never got its URL (if any); returns null. */
    private static Pending abandon(Pending pending, Listener listener) {
        if (listener != null && pending != null && pending.extinfLine > 0) {
            listener.error(pending.extinfLine, "entry has no URL");
        }
        return null;
    }

    /**
     * Reads {@code key=value} / {@code key="value"} pairs from {@code s} starting at {@code from} into
     * {@code out} (keys lower-case); stops at the first comma outside quotes and returns its index, or
     * -1 if there is none.
     */
    static int attributes(String s, int from, Map<String, String> out) {
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ',') {
                return i;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int keyStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
            if (i >= n || s.charAt(i) != '=') {
                continue; // a bare word (e.g. the duration): no value
            }
            i++;
            String value;
            if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char quote = s.charAt(i++);
                int end = s.indexOf(quote, i);
                if (end < 0) {
                    end = n; // unterminated: the value runs to the end of the line
                }
                value = s.substring(i, end);
                i = Math.min(n, end + 1);
            } else {
                int valueStart = i;
                while (i < n && s.charAt(i) != ',' && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                value = s.substring(valueStart, i);
            }
            out.putIfAbsent(key, value.strip());
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The entry being read: its #EXTINF and the options seen before its URL. */
    private static final class Pending {
        int extinfLine;
        Map<String, String> attributes = Map.of();
        String title = "";
        String referrer = "";
        String userAgent = "";
        String extGroup = "";

        void extinf(String line, int no) {
            extinfLine = no;
            Map<String, String> attrs = new LinkedHashMap<>();
            int comma = attributes(line, "#EXTINF:".length(), attrs);
            attributes = attrs;
            title = comma < 0 ? "" : line.substring(comma + 1).strip();
        }

        M3uEntry toEntry(String url) {
            String ref = referrer.isEmpty() ? attributes.getOrDefault("http-referrer", "") : referrer;
            String ua = userAgent.isEmpty() ? attributes.getOrDefault("http-user-agent", "") : userAgent;
            return new M3uEntry(extinfLine, attributes, title, url, ref, ua, extGroup);
        }
    }
}
