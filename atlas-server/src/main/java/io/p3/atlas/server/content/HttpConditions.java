package io.p3.atlas.server.content;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP semantics for /content (RFC 9110): byte ranges, If-None-Match and If-Range against a strong
 * entity tag. Pure functions, unit-tested.
 */
final class HttpConditions {
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private HttpConditions() {
    }

    /** The outcome of a Range header against a representation of {@code size} bytes. */
    sealed interface RangeResult permits Whole, Partial, Unsatisfiable {
    }

    /** No (usable) range: send everything with 200. */
    record Whole() implements RangeResult {
    }

    /** Send bytes {@code first..last} (inclusive) with 206. */
    record Partial(long first, long last) implements RangeResult {
        long length() {
            return last - first + 1;
        }

        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** No byte of the range exists: 416 with {@code Content-Range: bytes * /size}. */
    record Unsatisfiable() implements RangeResult {
    }

    /**
     * Parses a Range header. Absent, malformed, non-bytes or multi-range headers are ignored (a server
     * may always answer 200 with the whole representation); a single range is clamped to the size.
     */
    static RangeResult range(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        Matcher m = SINGLE_RANGE.matcher(header.trim());
        if (!m.matches()) {
            return new Whole();
        }
        String a = m.group(1);
        String b = m.group(2);
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return new Whole();
                }
                long suffix = Long.parseLong(b);
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable();
                }
                return new Partial(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            Long last = b.isEmpty() ? null : Long.parseLong(b);
            if (last != null && last < first) {
                return new Whole(); // syntactically invalid: ignore
            }
            if (first >= size) {
                return new Unsatisfiable();
            }
            return new Partial(first, last == null ? size - 1 : Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return new Unsatisfiable(); // digits beyond a long: beyond any size
        }
    }

    /** {@code "etag"}: the quoted form sent in ETag headers. */
    static String quoted(String etag) {
        return '"' + etag + '"';
    }

    /**
     * True if an If-None-Match header matches {@code etag} (weak comparison, as RFC 9110 requires here):
     * {@code *}, or any listed tag with or without {@code W/}. An unquoted tag (copied from the JSON
     * {@code etag} field) is accepted too.
     */
    static boolean noneMatchHits(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String raw : header.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(quoted(etag)) || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if a Range may be honoured under If-Range: absent header, or a strong match of the entity tag.
     * A date (we send no Last-Modified) or a weak or other tag means "send the whole thing".
     */
    static boolean ifRangeAllows(String header, String etag) {
        return header == null || header.trim().equals(quoted(etag));
    }
}
