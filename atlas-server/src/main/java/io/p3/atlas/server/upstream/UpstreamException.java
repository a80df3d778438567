package io.p3.atlas.server.upstream;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;

/** An {@link AtlasException} raised by the fetcher itself, tagged with its metrics outcome. */
final class UpstreamException extends AtlasException {
    private static final long serialVersionUID = 1L;

    private final String outcome;

    UpstreamException(String outcome, ErrorCode code, String message) {
        super(code, null, message, null, null);
        this.outcome = outcome;
    }

    String outcome() {
        return outcome;
    }

    static UpstreamException tooLarge(String field, long maxBytes, String detail) {
        return new UpstreamException("too_large", ErrorCode.FAILED_PRECONDITION,
                field + ": the upstream body " + detail + " exceeds the limit of " + maxBytes + " bytes ("
                        + humanBytes(maxBytes) + ")");
    }

    static UpstreamException unavailable(String outcome, String message) {
        return new UpstreamException(outcome, ErrorCode.UNAVAILABLE, message);
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        }
        return bytes + " B";
    }
}
