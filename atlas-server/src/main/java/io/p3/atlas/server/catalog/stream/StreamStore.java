package io.p3.atlas.server.catalog.stream;

import java.util.List;
import java.util.Optional;

/** Where catalog streams live. */
public interface StreamStore {

    /** Stores {@code stream} with its tags in one transaction; false if its id is taken. */
    boolean insert(Stream stream);

    Optional<Stream> find(String id);

    /** Streams ordered by id after {@code afterId} (null: from the start), of {@code kind} and with {@code tag} if not null. */
    List<Stream> list(StreamKind kind, String tag, String afterId, int limit);

    /** True if it existed. */
    boolean delete(String id);
}
