package io.p3.atlas.server.catalog.channel;

import java.util.List;

/**
 * What an import did.
 *
 * @param imported    channels created
 * @param updated     existing channels (same URL) updated
 * @param skipped     entries skipped; the first {@link ChannelImporter#MAX_ERRORS} are in {@code errors}
 * @param errors      skipped entries with line and reason
 * @param notModified the playlist URL answered 304: nothing was read or changed
 * @param removed     channels of the source removed because the playlist no longer lists them (replace only)
 */
public record ImportResult(int imported, int updated, int skipped, List<LineError> errors, boolean notModified,
                           int removed) {

    public ImportResult {
        errors = List.copyOf(errors);
    }

    static ImportResult notModifiedResult() {
        return new ImportResult(0, 0, 0, List.of(), true, 0);
    }

    /** One skipped entry. */
    public record LineError(int line, String reason) {
    }
}
