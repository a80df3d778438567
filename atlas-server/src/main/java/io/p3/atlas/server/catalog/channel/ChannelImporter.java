package io.p3.atlas.server.catalog.channel;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a playlist into the store: parses it line by line, turns entries into channels, drops
 * repeated URLs (the first entry wins), and upserts in chunks of {@link #CHUNK} within the caller's
 * transaction. Unusable entries are counted and reported, never fatal. When the playlist replaces its
 * source, the source's channels it does not list are removed at the end, in the same transaction.
 */
final class ChannelImporter implements M3uParser.Listener {
    static final int CHUNK = 1000;
    static final int MAX_ERRORS = 1000;

    private final ChannelStore.Writer writer;
    private final String source;
    private final Map<String, Integer> lineByHash = new HashMap<>();
    private final List<ChannelDraft> chunk = new ArrayList<>(CHUNK);
    private final List<ImportResult.LineError> errors = new ArrayList<>();
    private int imported;
    private int updated;
    private int skipped;

    private ChannelImporter(ChannelStore.Writer writer, String source) {
        this.writer = writer;
        this.source = source;
    }

    /**
     * Imports everything {@code in} holds; a non-playlist is {@link M3uParser.NotAPlaylistException}. With
     * {@code replace}, channels of {@code source} whose URL is not among the imported entries are removed.
     */
    static ImportResult run(Reader in, ChannelStore.Writer writer, String source, boolean replace)
            throws IOException {
        ChannelImporter importer = new ChannelImporter(writer, source);
        M3uParser.parse(in, importer);
        importer.flush();
        int removed = replace ? writer.removeAllBut(source, importer.lineByHash.keySet()) : 0;
        return new ImportResult(importer.imported, importer.updated, importer.skipped, importer.errors, false,
                removed);
    }

    @Override
    public void entry(M3uEntry entry) {
        ChannelDraft draft;
        try {
            draft = ChannelDraft.from(entry);
        } catch (ChannelDraft.InvalidEntryException e) {
            error(entry.line(), e.getMessage());
            return;
        }
        Integer first = lineByHash.putIfAbsent(draft.urlHash(), entry.line());
        if (first != null) {
            error(entry.line(), "duplicate URL: same stream as the entry on line " + first);
            return;
        }
        chunk.add(draft);
        if (chunk.size() >= CHUNK) {
            flush();
        }
    }

    @Override
    public void error(int line, String reason) {
        skipped++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(new ImportResult.LineError(line, reason));
        }
    }

    private void flush() {
        if (chunk.isEmpty()) {
            return;
        }
        int existed = writer.upsert(List.copyOf(chunk), source);
        updated += existed;
        imported += chunk.size() - existed;
        chunk.clear();
    }
}
