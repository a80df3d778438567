package io.p3.atlas.server.catalog.channel;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Where channels and the validators of imported playlist URLs live. */
public interface ChannelStore {

    /** Upserts chunks of channels within one transaction. */
    interface Writer {
        /**
         * Creates or updates (matched by URL hash) every draft, recording {@code source}; returns how
         * many of them existed before. The drafts' URL hashes must be distinct.
         */
        int upsert(List<ChannelDraft> drafts, String source);

        /**
         * Removes the channels recorded with {@code source} whose URL hash is not in {@code kept}, the way
         * {@link ChannelStore#delete} removes one; returns how many.
         */
        int removeAllBut(String source, Set<String> kept);
    }

    /** Runs {@code work} in one transaction with batched statements: committed if it returns, else rolled back. */
    <T> T inImport(Function<Writer, T> work);

    Optional<Channel> find(String id);

    /** Channels matching {@code filter} ordered by name then id, after ({@code afterName}, {@code afterId}) if not null. */
    List<Channel> list(ChannelFilter filter, String afterName, String afterId, int limit);

    int count(ChannelFilter filter);

    /** True if it existed. */
    boolean delete(String id);

    /** The ETag / Last-Modified a playlist URL answered on its last import, or empty. */
    Optional<PlaylistValidators> findValidators(String url);

    void saveValidators(String url, PlaylistValidators validators);

    /** HTTP validators of a fetched playlist, for a conditional GET on re-import (either may be null). */
    record PlaylistValidators(String etag, String lastModified) {
    }
}
