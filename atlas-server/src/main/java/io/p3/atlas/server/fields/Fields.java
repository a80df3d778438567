package io.p3.atlas.server.fields;

import io.p3.atlas.server.error.AtlasException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one set of request-field rules every feature uses: ids, wallet addresses, regions, dates, text,
 * tags and URLs. Each violation is INVALID_ARGUMENT naming the field (its proto name, e.g.
 * {@code stream.channel_id}) and the expected form, with the same wording everywhere.
 */
public final class Fields {
    /** The id rule, stated once (also in the contracts' comments). */
    public static final String ID_RULE = "1-128 characters of A-Z a-z 0-9 . _ ~ - not starting with '.'";
    private static final int MAX_ID = 128;
    private static final int WALLET_LENGTH = 42;
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_URL = 2048;
    private static final Set<String> HTTP = Set.of("http", "https");

    private Fields() {
    }

    /** A required id following {@link #ID_RULE}. Ids are URL-safe: usable as an HTTP path segment. */
    public static String id(String field, String id) {
        if (isEmpty(id)) {
            throw AtlasException.invalidArgument(field, field + " is required: " + ID_RULE);
        }
        if (!isId(id)) {
            throw AtlasException.invalidArgument(field, field + " must be " + ID_RULE + ", got '" + shorten(id) + "'");
        }
        return id;
    }

    /** True if {@code id} follows {@link #ID_RULE}. */
    public static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || id.charAt(0) == '.') {
            return false;
        }
        // [A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}, checked without a regex: ingestion checks ids per event.
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '~' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A required wallet address ({@code 0x} + 40 hex digits, any case) in lower case. */
    public static String wallet(String field, String raw) {
        if (isEmpty(raw)) {
            throw AtlasException.invalidArgument(field, field + " is required: 0x followed by 40 hex digits");
        }
        if (!isWallet(raw)) {
            throw AtlasException.invalidArgument(field,
                    field + " must be 0x followed by 40 hex digits, got '" + shorten(raw) + "'");
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    /** True if {@code raw} is a well-formed wallet address in any case. */
    public static boolean isWallet(String raw) {
        if (raw == null || raw.length() != WALLET_LENGTH || raw.charAt(0) != '0'
                || (raw.charAt(1) != 'x' && raw.charAt(1) != 'X')) {
            return false;
        }
        // 0[xX][0-9a-fA-F]{40}, checked without a regex: every node write and event checks one.
        for (int i = 2; i < WALLET_LENGTH; i++) {
            char c = raw.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A region ({@code eu-west}: 1-64 of a-z 0-9 _ -, any case in) in lower case; null when empty and optional. */
    public static String region(String field, String raw, boolean required) {
        if (isEmpty(raw)) {
            if (required) {
                throw AtlasException.invalidArgument(field, field + " is required, e.g. eu-west");
            }
            return null;
        }
        String r = raw.strip().toLowerCase(Locale.ROOT);
        if (!REGION.matcher(r).matches()) {
            throw AtlasException.invalidArgument(field,
                    field + " must be 1-64 characters of a-z 0-9 _ -, got '" + shorten(raw) + "'");
        }
        return r;
    }

    /** A UTC day as {@code YYYY-MM-DD}; null when empty (unset). */
    public static LocalDate date(String field, String value) {
        if (isEmpty(value)) {
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw AtlasException.invalidArgument(field, field + " must be a date as YYYY-MM-DD, got '"
                    + shorten(value) + "'");
        }
    }

    /**
     * Checks that {@code end} is not before {@code start} and, when {@code maxDays} is positive, that the
     * inclusive range spans at most {@code maxDays} days; either may be null (open).
     */
    public static void dateRange(LocalDate start, LocalDate end, int maxDays) {
        if (start == null || end == null) {
            return;
        }
        if (start.isAfter(end)) {
            throw AtlasException.invalidArgument("end_date", "end_date " + end + " is before start_date " + start);
        }
        if (maxDays > 0 && ChronoUnit.DAYS.between(start, end) >= maxDays) {
            throw AtlasException.invalidArgument("end_date", "end_date may be at most " + (maxDays - 1)
                    + " days after start_date (" + maxDays + " days in all), got " + start + " to " + end);
        }
    }

    /** {@code value} stripped; required and at most {@code max} characters. */
    public static String required(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required");
        }
        return optional(field, v, max);
    }

    /** {@code value} stripped (empty if null); at most {@code max} characters. */
    public static String optional(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        if (v.length() > max) {
            throw AtlasException.invalidArgument(field, field + " must be at most " + max + " characters, got "
                    + v.length());
        }
        return v;
    }

    /**
     * Tags: each 1-64 characters without spaces or commas, stored lower-case, de-duplicated and sorted;
     * at most {@code max} of them.
     */
    public static List<String> tags(String field, List<String> tags, int max) {
        TreeSet<String> out = new TreeSet<>();
        for (String raw : tags) {
            String tag = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty() || tag.length() > 64 || tag.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
                throw AtlasException.invalidArgument(field, "each of " + field
                        + " must be 1-64 characters without spaces or commas, got '" + shorten(String.valueOf(raw)) + "'");
            }
            out.add(tag);
        }
        if (out.size() > max) {
            throw AtlasException.invalidArgument(field, field + " holds at most " + max + " tags");
        }
        return List.copyOf(out);
    }

    /** A required absolute http(s) URL with a host and no credentials, at most 2048 characters. */
    public static URI httpUrl(String field, String value) {
        return url(field, value, HTTP, "http or https");
    }

    /** Empty, or an absolute http(s) URL with a host and no credentials (see {@link #httpUrl}). */
    public static String optionalHttpUrl(String field, String value) {
        return isEmpty(value) ? "" : httpUrl(field, value.strip()).toString();
    }

    /**
     * A required absolute URL with a host, one of {@code schemes} (lower-case), no credentials, at most
     * 2048 characters; {@code schemesText} names them in the message (e.g. "ws(s) or srt").
     */
    public static URI url(String field, String value, Set<String> schemes, String schemesText) {
        if (isEmpty(value)) {
            throw AtlasException.invalidArgument(field, field + " is required: an absolute " + schemesText + " URL");
        }
        if (value.length() > MAX_URL) {
            throw AtlasException.invalidArgument(field, field + " must be at most " + MAX_URL + " characters, got "
                    + value.length());
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw AtlasException.invalidArgument(field, field + " is not a valid URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            // Never echoed: the value holds a secret.
            throw AtlasException.invalidArgument(field, field + " must not carry credentials (user:password@)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || uri.getHost() == null) {
            throw AtlasException.invalidArgument(field, field + " must be an absolute " + schemesText
                    + " URL with a host, got '" + shorten(value) + "'");
        }
        return uri;
    }

    /** True for null or "". */
    public static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** {@code s} cut to 80 characters for a message. */
    public static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
