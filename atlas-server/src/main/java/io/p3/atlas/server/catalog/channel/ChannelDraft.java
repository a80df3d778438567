package io.p3.atlas.server.catalog.channel;

import io.p3.atlas.server.fields.Fields;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A channel ready to store, made from one playlist entry: clean name, quality and labels from the
 * title, attributes from either playlist dialect, the URL's hash and the channel id derived from it.
 *
 * <p>The id is a slug of the tvg-id (or the name) plus the first 12 hex digits of the URL's SHA-256:
 * URL-safe ({@code [a-z0-9-]}), the same on every re-import of the same feed, and distinct for feeds
 * that share a tvg-id. Storage is keyed by the URL hash, so a renamed feed keeps its first id.
 */
public record ChannelDraft(String id, String urlHash, String url, String name, String logo, String group,
                           String language, String tvgId, String httpReferrer, String userAgent,
                           List<String> labels, String quality) {
    static final int MAX_URL = 2048;
    static final int MAX_NAME = 512;
    static final int MAX_SHORT = 256;
    private static final int SLUG_LENGTH = 48;
    private static final java.util.regex.Pattern COMBINING_MARKS = java.util.regex.Pattern.compile("\\p{M}+");
    private static final Set<String> SCHEMES =
            Set.of("http", "https", "rtmp", "rtmps", "rtsp", "rtp", "udp", "mms", "mmsh", "srt");

    public ChannelDraft {
        labels = List.copyOf(labels);
    }

    public String nameLower() {
        return name.toLowerCase(Locale.ROOT);
    }

    public String groupLower() {
        return group.toLowerCase(Locale.ROOT);
    }

    public String languageLower() {
        return language.toLowerCase(Locale.ROOT);
    }

    /** The entry as a channel, or an {@link InvalidEntryException} saying why it can't be one. */
    static ChannelDraft from(M3uEntry e) {
        String url = e.url();
        checkUrl(url);
        ChannelTitle title = ChannelTitle.parse(e.title());
        String name = title.name();
        if (name.isEmpty()) {
            name = ChannelTitle.parse(e.attribute("tvg-name")).name();
        }
        if (name.isEmpty()) {
            name = e.attribute("tvg-id");
        }
        if (name.isEmpty()) {
            throw new InvalidEntryException("entry has no title (nothing after the #EXTINF comma, no tvg-name)");
        }
        String tvgId = e.attribute("tvg-id");
        String group = e.attribute("group-title").isEmpty() ? e.extGroup() : e.attribute("group-title");
        limit(String.join("\n", title.labels()), 1024, "labels");
        String hash = sha256(url);
        String id = slug(tvgId.isEmpty() ? name : tvgId) + "-" + hash.substring(0, 12);
        return new ChannelDraft(id, hash, url,
                limit(name, MAX_NAME, "title"),
                optionalUrl(e.attribute("tvg-logo")),
                limit(group, MAX_SHORT, "group-title"),
                limit(e.attribute("tvg-language"), MAX_SHORT, "tvg-language"),
                limit(tvgId, MAX_SHORT, "tvg-id"),
                limit(e.referrer(), MAX_URL, "http-referrer"),
                limit(e.userAgent(), 512, "http-user-agent"),
                title.labels(), title.quality());
    }

    private static void checkUrl(String url) {
        if (url.length() > MAX_URL) {
            throw new InvalidEntryException("URL longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            throw new InvalidEntryException("not a valid URL: " + ex.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidEntryException(scheme.isEmpty() ? "not an absolute URL: " + Fields.shorten(url)
                    : "unsupported URL scheme '" + scheme + "' (use one of " + String.join(", ", SCHEMES.stream()
                            .sorted().toList()) + ")");
        }
    }

    /** An over-long logo URL is dropped rather than failing the entry. */
    private static String optionalUrl(String value) {
        if (value.isEmpty() || value.length() > MAX_URL) {
            return "";
        }
        return value;
    }

    private static String limit(String value, int max, String what) {
        if (value.length() > max) {
            throw new InvalidEntryException(what + " longer than " + max + " characters");
        }
        return value;
    }

    /** Lower-case ASCII letters and digits separated by single dashes; "channel" if nothing is left. */
    static String slug(String s) {
        String ascii = s.chars().allMatch(c -> c < 128) ? s
                : COMBINING_MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ascii.length() && out.length() < SLUG_LENGTH; i++) {
            char c = Character.toLowerCase(ascii.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
            out.setLength(out.length() - 1);
        }
        return out.length() == 0 ? "channel" : out.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why an entry can't be a channel. */
    static final class InvalidEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidEntryException(String message) {
            super(message, null, false, false);
        }
    }
}
